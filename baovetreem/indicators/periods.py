"""Reporting periods and their data windows (thời gian chốt số liệu).

A period of a kind (month, quarter, six-month, year) ends on the *closing day* of its last
month and starts the day after the previous period of the same kind ends: with the standard
closing day 14, a six-month report covers 15/12 of the previous year to 14/6, a year 15/12 to
14/12, a quarter 15/12 to 14/3. Closing days are configurable per kind
(``INDICATOR_CLOSING_DAYS``) and a report type may pass its own. ``None`` closes on the last day
of the month (calendar periods). A custom range is any window. The reference date is the last
day of the window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, SIX_MONTH, YEAR, CUSTOM = "month", "quarter", "six_month", "year", "custom"
MONTHS_IN = {MONTH: 1, QUARTER: 3, SIX_MONTH: 6, YEAR: 12}
DEFAULT_CLOSING_DAYS = {MONTH: None, QUARTER: 14, SIX_MONTH: 14, YEAR: 14}
LETTER = {MONTH: "M", QUARTER: "Q", SIX_MONTH: "S", YEAR: "Y"}
KIND_OF_LETTER = {letter: kind for kind, letter in LETTER.items()}
ROMAN = ["I", "II", "III", "IV"]
_KEY = re.compile(r"^(\d{4})-([MQSY])(\d{0,2})(?:/(\d{1,2}))?$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """A window of days, both ends included; ``end`` is its reference date."""

    kind: str
    start: dt.date
    end: dt.date
    year: int = 0
    index: int = 0  # month 1-12, quarter 1-4, half 1-2, 1 for a year
    closing_day: int | None = None

    @property
    def reference_date(self) -> dt.date:
        return self.end

    @property
    def key(self) -> str:
        """A stable identifier: "2025-S1/14", "2025-M03", "2025-01-01..2025-03-31"."""
        if self.kind == CUSTOM:
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        index = f"{self.index:02d}" if self.kind == MONTH else str(self.index)
        if self.kind == YEAR:
            index = ""
        closing = "" if self.closing_day is None else f"/{self.closing_day}"
        return f"{self.year}-{LETTER[self.kind]}{index}{closing}"

    @property
    def label(self) -> str:
        """Its name as a report heads it, in the active language."""
        if self.kind == MONTH:
            return _("Month %(month)s/%(year)s") % {"month": self.index, "year": self.year}
        if self.kind == QUARTER:
            return _("Quarter %(quarter)s/%(year)s") % {
                "quarter": ROMAN[self.index - 1],
                "year": self.year,
            }
        if self.kind == SIX_MONTH:
            if self.index == 1:
                return _("First six months of %(year)s") % {"year": self.year}
            return _("Second six months of %(year)s") % {"year": self.year}
        if self.kind == YEAR:
            return _("Year %(year)s") % {"year": self.year}
        return _("From %(start)s to %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def closing_days() -> dict[str, int | None]:
    configured = getattr(settings, "INDICATOR_CLOSING_DAYS", {}) or {}
    return {**DEFAULT_CLOSING_DAYS, **configured}


_DEFAULT = object()


def _closing_date(year: int, month: int, closing_day: int | None) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if closing_day is None else min(closing_day, last))


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def period(kind: str, year: int, index: int = 1, closing_day=_DEFAULT) -> Period:
    """The ``index``-th period of ``kind`` in ``year`` (month 1-12, quarter 1-4, half 1-2)."""
    if kind not in MONTHS_IN:
        raise ValueError(f"unknown period kind {kind!r}")
    count = 12 // MONTHS_IN[kind]
    if not 1 <= index <= count:
        raise ValueError(f"{kind} index must be 1..{count}")
    if closing_day is _DEFAULT:
        closing_day = closing_days()[kind]
    months = MONTHS_IN[kind]
    last_month = index * months
    end = _closing_date(year, last_month, closing_day)
    prev_year, prev_month = _shift(year, last_month, -months)
    start = _closing_date(prev_year, prev_month, closing_day) + dt.timedelta(days=1)
    return Period(kind, start, end, year, index, closing_day)


def containing(kind: str, day: dt.date, closing_day=_DEFAULT) -> Period:
    """The period of ``kind`` whose window holds ``day``."""
    months = MONTHS_IN[kind]
    for year in (day.year, day.year + 1):
        for index in range(1, 12 // months + 1):
            candidate = period(kind, year, index, closing_day)
            if day in candidate:
                return candidate
    raise ValueError(f"no {kind} period holds {day}")  # pragma: no cover


def custom(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> Period:
    """Any window; refused (Vietnamese message) when it ends before it starts or in the future."""
    result = Period(CUSTOM, start, end)
    check(result, today=today)
    return result


def check(p: Period, *, today: dt.date | None = None) -> Period:
    """Refuse a window that ends before it starts, or whose reference date is still to come."""
    today = today or timezone.localdate()
    if p.end < p.start:
        raise ValidationError(
            _("The period ends before it starts. Check the start and end dates."),
            code="period_order",
        )
    if p.end > today:
        raise ValidationError(
            _(
                "The reference date %(date)s is in the future: figures can be counted only up "
                "to today. Choose a period that has ended."
            )
            % {"date": p.end.strftime("%d/%m/%Y")},
            code="period_future",
        )
    return p


def parse(key: str) -> Period:
    """The period named by ``Period.key`` (ValueError for a malformed key)."""
    match = _CUSTOM.match(key)
    if match:
        return Period(
            CUSTOM, dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
        )
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"not a period key: {key!r}")
    year, letter, index, closing = match.groups()
    kind = KIND_OF_LETTER[letter]
    return period(kind, int(year), int(index or 1), int(closing) if closing else None)


def recent(kind: str, count: int, *, today: dt.date | None = None, closing_day=_DEFAULT):
    """The ``count`` last periods of ``kind`` that have ended by ``today``, oldest first."""
    today = today or timezone.localdate()
    current = containing(kind, today, closing_day)
    found: list[Period] = []
    day = current.end if current.end <= today else current.start - dt.timedelta(days=1)
    while len(found) < count:
        p = containing(kind, day, closing_day)
        found.append(p)
        day = p.start - dt.timedelta(days=1)
    return list(reversed(found))


def precomputed(*, today: dt.date | None = None) -> list[Period]:
    """The periods kept in the fact table: the configured kinds, with the default closing
    days, that ended by ``today`` and within ``INDICATOR_PRECOMPUTE_YEARS`` years back."""
    today = today or timezone.localdate()
    kinds = getattr(settings, "INDICATOR_PRECOMPUTE_KINDS", list(MONTHS_IN))
    years = getattr(settings, "INDICATOR_PRECOMPUTE_YEARS", 3)
    first_year = today.year - years
    found: list[Period] = []
    for kind in kinds:
        for year in range(first_year, today.year + 2):
            for index in range(1, 12 // MONTHS_IN[kind] + 1):
                p = period(kind, year, index)
                if p.end <= today and p.end.year >= first_year:
                    found.append(p)
    return sorted(found, key=lambda p: (p.end, p.kind))


def is_precomputed(p: Period, *, today: dt.date | None = None) -> bool:
    return p.kind != CUSTOM and p.key in {q.key for q in precomputed(today=today)}
