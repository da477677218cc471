"""The small vocabulary every indicator is declared in: populations, conditions, breakdowns.

An indicator (``definitions.py``) names a population and a few conditions from here for its
numerator and its denominator; ``compute.py`` turns the register's and the cases' rows into
*subjects* (a child as they were on the reference date, a case, a call, a press item) and this
module says, for each word, whether a subject satisfies it and under which breakdown keys it
falls. Adding an indicator is a new entry of ``definitions.py``; a new word here is needed only
for a fact the vocabulary cannot yet say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from baovetreem.registry.reference import KINH

# ---------------------------------------------------------------------------------------------
# Populations: what is counted, and which date puts it in a period.

CHILDREN = "children"  # children of the unit on the reference date (DOMAIN "Counting at ...")
CASES_RECEIVED = "cases_received"  # cases whose report was received inside the window
CASES_CLOSED = "cases_closed"  # cases closed inside the window
CONTACTS = "contacts"  # hotline calls received inside the window
PRESS_ITEMS = "press_items"  # press-review items published inside the window

POPULATIONS: dict[str, str] = {
    CHILDREN: (
        "Children of the unit on the reference date: born on or before it, under 16, alive, "
        "resident in the unit on it (as the register's history says), whenever they were "
        "entered in the register."
    ),
    CASES_RECEIVED: (
        "Cases whose report was received inside the window (local date, Asia/Ho_Chi_Minh), "
        "counted where the case is filed."
    ),
    CASES_CLOSED: "Cases closed inside the window (local date), counted where the case is filed.",
    CONTACTS: "Hotline calls received inside the window, counted at the unit concerned.",
    PRESS_ITEMS: "Press-review items published inside the window, at the unit concerned.",
}


# ---------------------------------------------------------------------------------------------
# Subjects: one row of a population as the evaluation sees it.


@dataclass
class ChildAt:
    """A child as they were on the reference date of one period (built by ``compute``)."""

    id: int
    location_id: int
    sex: str
    ethnicity: str
    age: int  # completed years on the reference date
    date_of_birth: dt.date
    birth_registered_on: dt.date | None
    insured: bool
    groups_special: frozenset[str]  # top-level codes of groups open on the reference date
    groups_at_risk: frozenset[str]  # at-risk categories open on the reference date
    support_kinds: frozenset[str]  # kinds of support received inside the window
    latest_measurement: dict[str, Any] | None  # latest measurement inside the window


@dataclass
class CaseRow:
    """A case with the facts the indicators read."""

    id: int
    location_id: int
    received_at: dt.datetime
    channel: str
    category: str
    suspected_relationship: str
    emergency_needed: bool
    intervened_at: dt.datetime | None
    first_approved_at: dt.datetime | None
    plan_deadline: dt.datetime  # 5 working days after receipt (end of that day)
    closed_at: dt.datetime | None


@dataclass
class EventRow:
    """A hotline call or a press item."""

    id: int
    location_id: int
    topic: str = ""
    topic_group: str = ""
    line: str = ""


@dataclass(frozen=True)
class Window:
    """The period the subjects are judged in: both ends included, reference date = end."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


# ---------------------------------------------------------------------------------------------
# Conditions.


@dataclass(frozen=True)
class Condition:
    """One word of the vocabulary with its parameters, e.g. ``age(0, 6)``."""

    word: str
    params: tuple[tuple[str, Any], ...] = ()

    def kwargs(self) -> dict[str, Any]:
        return dict(self.params)

    def describe(self) -> str:
        return WORDS[self.word].describe(**self.kwargs())

    def test(self, subject: Any, window: Window) -> bool:
        return WORDS[self.word].test(subject, window, **self.kwargs())


@dataclass(frozen=True)
class Word:
    population: str
    test: Callable[..., bool]
    describe: Callable[..., str]


def _cond(word: str, **params: Any) -> Condition:
    return Condition(word, tuple(sorted(params.items())))


# Children -------------------------------------------------------------------------------------


def age(min_years: int, under_years: int) -> Condition:
    """Aged ``min_years`` or more and under ``under_years`` on the reference date."""
    return _cond("age", min_years=min_years, under_years=under_years)


def in_group(*, kind: str = "", code: str = "") -> Condition:
    """In a group of ``kind`` ("special", "at_risk"), or in the group ``code``, on the date."""
    return _cond("in_group", kind=kind, code=code)


def supported(kind: str = "") -> Condition:
    """Received a support (of ``kind``) inside the window, wherever the child lived then."""
    return _cond("supported", kind=kind)


def insured() -> Condition:
    return _cond("insured")


def measured() -> Condition:
    return _cond("measured")


def growth(z: str) -> Condition:
    """The latest measurement inside the window has ``z`` ("waz", "haz", "whz") below -2."""
    return _cond("growth", z=z)


def birth_deadline_in_window() -> Condition:
    return _cond("birth_deadline_in_window")


def birth_registered_on_time() -> Condition:
    return _cond("birth_registered_on_time")


# Cases ----------------------------------------------------------------------------------------


def emergency_needed() -> Condition:
    return _cond("emergency_needed")


def emergency_on_time() -> Condition:
    return _cond("emergency_on_time")


def plan_expected() -> Condition:
    return _cond("plan_expected")


def plan_on_time() -> Condition:
    return _cond("plan_on_time")


EMERGENCY_HOURS = 12
BIRTH_REGISTRATION_DAYS = 60
Z_CUT_OFF = -2.0
Z_NAMES = {"waz": "weight-for-age", "haz": "height-for-age", "whz": "weight-for-height"}


def _age_test(s: ChildAt, w: Window, *, min_years: int, under_years: int) -> bool:
    return min_years <= s.age < under_years


def _group_test(s: ChildAt, w: Window, *, kind: str, code: str) -> bool:
    if code:
        return code in s.groups_special or code in s.groups_at_risk
    return bool(s.groups_special if kind == "special" else s.groups_at_risk)


def _growth_test(s: ChildAt, w: Window, *, z: str) -> bool:
    value = (s.latest_measurement or {}).get(z)
    return value is not None and value < Z_CUT_OFF


def _birth_deadline(s: ChildAt) -> dt.date:
    return s.date_of_birth + dt.timedelta(days=BIRTH_REGISTRATION_DAYS)


def _emergency_on_time(s: CaseRow, w: Window) -> bool:
    limit = s.received_at + dt.timedelta(hours=EMERGENCY_HOURS)
    return s.emergency_needed and s.intervened_at is not None and s.intervened_at <= limit


def _plan_on_time(s: CaseRow, w: Window) -> bool:
    return s.first_approved_at is not None and s.first_approved_at <= s.plan_deadline


WORDS: dict[str, Word] = {
    "age": Word(
        CHILDREN,
        _age_test,
        lambda min_years, under_years: (
            f"aged {min_years} to under {under_years} on the reference date (completed years)"
        ),
    ),
    "in_group": Word(
        CHILDREN,
        _group_test,
        lambda kind, code: (
            f"in group {code} on the reference date"
            if code
            else f"in a group of kind '{kind}' on the reference date (start <= date <= end)"
        ),
    ),
    "supported": Word(
        CHILDREN,
        lambda s, w, kind: (kind in s.support_kinds) if kind else bool(s.support_kinds),
        lambda kind: f"received {kind or 'any'} support dated inside the window",
    ),
    "insured": Word(
        CHILDREN,
        lambda s, w: s.insured,
        lambda: "holding a health insurance card valid on the reference date",
    ),
    "measured": Word(
        CHILDREN,
        lambda s, w: s.latest_measurement is not None,
        lambda: "weighed or measured inside the window",
    ),
    "growth": Word(
        CHILDREN,
        _growth_test,
        lambda z: f"latest measurement inside the window has {Z_NAMES.get(z, z)} z < -2",
    ),
    "birth_deadline_in_window": Word(
        CHILDREN,
        lambda s, w: _birth_deadline(s) in w,
        lambda: "whose 60-day birth-registration deadline falls inside the window",
    ),
    "birth_registered_on_time": Word(
        CHILDREN,
        lambda s, w: (
            s.birth_registered_on is not None and s.birth_registered_on <= _birth_deadline(s)
        ),
        lambda: "birth registered within 60 days of birth (day 60 included)",
    ),
    "emergency_needed": Word(
        CASES_RECEIVED,
        lambda s, w: s.emergency_needed,
        lambda: "the initial assessment concluded an emergency intervention is needed",
    ),
    "emergency_on_time": Word(
        CASES_RECEIVED,
        _emergency_on_time,
        lambda: "intervened within 12 calendar hours of receipt (exactly 12 h is on time)",
    ),
    "plan_expected": Word(
        CASES_RECEIVED,
        lambda s, w: not (s.closed_at is not None and s.first_approved_at is None),
        lambda: "not closed without a support plan",
    ),
    "plan_on_time": Word(
        CASES_RECEIVED,
        _plan_on_time,
        lambda: "support plan first approved by the end of the 5th working day after receipt",
    ),
}


# ---------------------------------------------------------------------------------------------
# Breakdowns (phân tổ): the keys a subject falls under, one or several.


def age_bands() -> list[tuple[int, int]]:
    """The configured age bands, [min, under) in completed years (``INDICATOR_AGE_BANDS``)."""
    return [tuple(b) for b in getattr(settings, "INDICATOR_AGE_BANDS", DEFAULT_AGE_BANDS)]


DEFAULT_AGE_BANDS = [(0, 3), (3, 6), (6, 11), (11, 16)]


def age_band_key(years: int) -> str:
    for low, high in age_bands():
        if low <= years < high:
            return f"{low}-{high}"
    return ""


@dataclass(frozen=True)
class Dimension:
    population: tuple[str, ...]
    keys: Callable[[Any], list[str]]
    description: str = ""
    multi: bool = False  # a subject may fall under several keys (groups, kinds of support)


DIMENSIONS: dict[str, Dimension] = {
    "sex": Dimension((CHILDREN,), lambda s: [s.sex], "sex (male, female, unknown)"),
    "age_band": Dimension(
        (CHILDREN,), lambda s: [age_band_key(s.age)], "age band (INDICATOR_AGE_BANDS)"
    ),
    "ethnicity_group": Dimension(
        (CHILDREN,),
        lambda s: ["kinh" if s.ethnicity == KINH else "minority"],
        "Kinh or ethnic minority",
    ),
    "group": Dimension(
        (CHILDREN,),
        lambda s: sorted(s.groups_special),
        "each special-circumstance group (a child in two groups counts in both)",
        multi=True,
    ),
    "at_risk_group": Dimension(
        (CHILDREN,),
        lambda s: sorted(s.groups_at_risk),
        "each at-risk category (a child in two counts in both)",
        multi=True,
    ),
    "support_kind": Dimension(
        (CHILDREN,),
        lambda s: sorted(s.support_kinds),
        "each kind of support received inside the window",
        multi=True,
    ),
    "channel": Dimension(
        (CASES_RECEIVED, CASES_CLOSED), lambda s: [s.channel], "channel of the report"
    ),
    "category": Dimension(
        (CASES_RECEIVED, CASES_CLOSED), lambda s: [s.category], "classification (Mẫu 01)"
    ),
    "suspected_relationship": Dimension(
        (CASES_RECEIVED,),
        lambda s: [s.suspected_relationship],
        "suspected person's relationship to the child",
    ),
    "topic_group": Dimension((CONTACTS,), lambda s: [s.topic_group], "group of topics"),
    "topic": Dimension((CONTACTS,), lambda s: [s.topic], "topic of the call"),
    "line": Dimension((CONTACTS,), lambda s: [s.line], "hotline"),
}

KEY_SEPARATOR = "|"


def breakdown_name(dimensions: tuple[str, ...]) -> str:
    """The stored name of a breakdown: its dimensions joined by commas ("" for the total)."""
    return ",".join(dimensions)


def keys_for(subject: Any, dimensions: tuple[str, ...]) -> list[str]:
    """Every key (values joined by "|") the subject falls under for a crossed breakdown."""
    combos: list[list[str]] = [[]]
    for name in dimensions:
        values = DIMENSIONS[name].keys(subject)
        combos = [c + [v] for c in combos for v in values]
    return [KEY_SEPARATOR.join(c) for c in combos]


@dataclass(frozen=True)
class Measure:
    """A numerator or a denominator: a population and the conditions its subjects meet."""

    population: str
    conditions: tuple[Condition, ...] = field(default=())

    def test(self, subject: Any, window: Window) -> bool:
        return all(c.test(subject, window) for c in self.conditions)

    def describe(self) -> str:
        words = "; ".join(c.describe() for c in self.conditions)
        return f"{self.population}" + (f" — {words}" if words else "")


def count(population: str, *conditions: Condition) -> Measure:
    return Measure(population, tuple(conditions))
