"""Computing indicators from the raw rows of the register, the cases and the hotline.

One path serves the fact table (per unit where rows are filed) and the direct computation for
any unit and any window: load the rows that can matter, rebuild each child as they were on the
reference date from the register's history (``child_at``), then let ``vocabulary`` judge them.
Everything is evaluated in Python over plain values, so SQLite and PostgreSQL give the same
figures by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone

from baovetreem.cases.models import Case
from baovetreem.core.calendar import add_working_days, load_calendar
from baovetreem.core.models import subtree_q
from baovetreem.hotline.models import Contact, PressItem
from baovetreem.indicators import vocabulary as v
from baovetreem.indicators.definitions import INDICATORS, Indicator
from baovetreem.indicators.periods import Period
from baovetreem.registry.models import (
    Child,
    ChildEvent,
    ChildStatus,
    EventKind,
    GroupMembership,
    Measurement,
    Support,
    age_on,
)

CHUNK = 500
NOT_RESIDENT = {ChildStatus.MOVED_AWAY, ChildStatus.DECEASED}
PLAN_WORKING_DAYS = 5  # Nghị định 56/2017: support plan within 5 working days


@dataclass(frozen=True)
class Scope:
    """Which rows to count: those filed at ``location_ids`` exactly, or under ``path``, or all."""

    location_ids: frozenset[int] | None = None
    path: str | None = None

    def holds(self, location_id: int | None, path_of) -> bool:
        if location_id is None:
            return False
        if self.location_ids is not None:
            return location_id in self.location_ids
        if self.path is not None:
            return path_of(location_id).startswith(self.path)
        return True

    def q(self, fk: str, path_field: str, vendor: str) -> Q:
        if self.location_ids is not None:
            return Q(**{f"{fk}__in": list(self.location_ids)})
        if self.path is not None:
            return subtree_q(path_field, self.path, vendor)
        return Q()


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


class _Paths:
    """Location paths looked up once (only needed for a path scope)."""

    def __init__(self) -> None:
        self._cache: dict[int, str] = {}

    def __call__(self, location_id: int) -> str:
        if location_id not in self._cache:
            from baovetreem.locations.models import Location

            self._cache[location_id] = (
                Location.objects.filter(pk=location_id).values_list("path", flat=True).first() or ""
            )
        return self._cache[location_id]

    def preload(self, ids: Iterable[int]) -> None:
        from baovetreem.locations.models import Location

        missing = {i for i in ids if i is not None and i not in self._cache}
        for pk, path in Location.objects.filter(pk__in=missing).values_list("pk", "path"):
            self._cache[pk] = path


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# ---------------------------------------------------------------------------------------------
# Children


@dataclass
class ChildHistory:
    """A child's row and the dated facts of the register about them."""

    row: dict
    moves: list[dict]
    statuses: list[tuple[dt.date, int, str]]
    memberships: list[dict]
    supports: list[tuple[dt.date, str]]
    measurements: list[dict]

    def location_on(self, day: dt.date) -> int | None:
        """Where the child lived on ``day``: a move takes effect on its date; the record's
        current village holds from the last move on (or always, without moves)."""
        later = [m for m in self.moves if m["happened_on"] > day]
        if not later:
            return self.row["village_id"]
        return later[0]["from_location_id"] or self.row["village_id"]

    def status_on(self, day: dt.date) -> str:
        """The status on ``day`` from the dated status history; the record's own status and
        date come last on their date, since they are the latest word."""
        status = ChildStatus.LIVING_HERE
        for when, _order, value in self.statuses:
            if when > day:
                break
            status = value
        return status

    def at(self, p: Period) -> v.ChildAt | None:
        """The child as they were on the reference date of ``p``, None when not counted."""
        row, day = self.row, p.end
        born = row["date_of_birth"]
        if born > day:
            return None
        years = age_on(born, day)
        if years >= 16 or self.status_on(day) in NOT_RESIDENT:
            return None
        location = self.location_on(day)
        if location is None:
            return None
        special: set[str] = set()
        at_risk: set[str] = set()
        for m in self.memberships:
            if m["start_date"] <= day and (m["end_date"] is None or m["end_date"] >= day):
                code = m["group__parent__code"] or m["group__code"]
                (special if m["group__kind"] == "special" else at_risk).add(code)
        kinds = frozenset(kind for when, kind in self.supports if p.start <= when <= day)
        latest = None
        for m in self.measurements:  # ordered by date, then id: the last in the window wins
            if p.start <= m["measured_on"] <= day:
                latest = m
        valid_until = row["insurance_valid_until"]
        insured = bool(row["insurance_number"]) and (valid_until is None or valid_until >= day)
        return v.ChildAt(
            id=row["id"],
            location_id=location,
            sex=row["sex"],
            ethnicity=row["ethnicity"],
            age=years,
            date_of_birth=born,
            birth_registered_on=row["birth_registered_on"],
            insured=insured,
            groups_special=frozenset(special),
            groups_at_risk=frozenset(at_risk),
            support_kinds=kinds,
            latest_measurement=latest,
        )


CHILD_FIELDS = (
    "id",
    "village_id",
    "sex",
    "ethnicity",
    "date_of_birth",
    "birth_registered_on",
    "insurance_number",
    "insurance_valid_until",
    "status",
    "status_since",
)


def _candidate_child_ids(scope: Scope, first: dt.date, last: dt.date) -> list[int]:
    """Children who may be counted in ``scope`` in a period ending between first and last."""
    vendor = _vendor()
    alive = Child.objects.filter(
        date_of_birth__lte=last, date_of_birth__gte=dt.date(first.year - 17, 1, 1)
    )
    ids = set(
        alive.filter(scope.q("village_id", "scope_path", vendor)).values_list("pk", flat=True)
    )
    moves = ChildEvent.objects.filter(kind=EventKind.MOVED, child__deleted_at__isnull=True)
    if scope.location_ids is not None or scope.path is not None:
        moved = moves.filter(
            scope.q("from_location_id", "from_location__path", vendor)
            | scope.q("to_location_id", "to_location__path", vendor)
        )
        ids |= set(moved.values_list("child_id", flat=True))
    return sorted(ids)


def load_children(scope: Scope, periods: list[Period]) -> Iterator[ChildHistory]:
    """The histories of every child who may count in ``scope`` in one of ``periods``."""
    first = min(p.end for p in periods)
    last = max(p.end for p in periods)
    window_start = min(p.start for p in periods)
    ids = _candidate_child_ids(scope, first, last)
    for chunk in _chunks(ids):
        rows = {r["id"]: r for r in Child.objects.filter(pk__in=chunk).values(*CHILD_FIELDS)}
        moves: dict[int, list] = defaultdict(list)
        statuses: dict[int, list] = defaultdict(list)
        events = ChildEvent.objects.filter(
            child_id__in=chunk, kind__in=[EventKind.MOVED, EventKind.STATUS]
        ).order_by("happened_on", "recorded_at", "id")
        for e in events.values(
            "child_id", "kind", "happened_on", "from_location_id", "to_location_id", "status"
        ):
            if e["kind"] == EventKind.MOVED:
                moves[e["child_id"]].append(e)
            if e["status"]:
                statuses[e["child_id"]].append((e["happened_on"], 0, e["status"]))
        memberships: dict[int, list] = defaultdict(list)
        for m in (
            GroupMembership.objects.filter(child_id__in=chunk, start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .values(
                "child_id",
                "start_date",
                "end_date",
                "group__code",
                "group__kind",
                "group__parent__code",
            )
        ):
            memberships[m["child_id"]].append(m)
        supports: dict[int, list] = defaultdict(list)
        for s in Support.objects.filter(
            child_id__in=chunk, received_on__gte=window_start, received_on__lte=last
        ).values_list("child_id", "received_on", "kind"):
            supports[s[0]].append((s[1], s[2]))
        measurements: dict[int, list] = defaultdict(list)
        for m in (
            Measurement.objects.filter(
                child_id__in=chunk, measured_on__gte=window_start, measured_on__lte=last
            )
            .order_by("measured_on", "id")
            .values("child_id", "measured_on", "waz", "haz", "whz")
        ):
            measurements[m["child_id"]].append(m)
        for pk in chunk:
            row = rows.get(pk)
            if row is None:
                continue
            timeline = list(statuses[pk])
            if row["status_since"] is not None:
                timeline.append((row["status_since"], 1, row["status"]))
            elif row["status"] != ChildStatus.LIVING_HERE:
                timeline.append((row["date_of_birth"], 1, row["status"]))
            timeline.sort(key=lambda t: (t[0], t[1]))
            yield ChildHistory(
                row=row,
                moves=moves[pk],
                statuses=timeline,
                memberships=memberships[pk],
                supports=supports[pk],
                measurements=measurements[pk],
            )


# ---------------------------------------------------------------------------------------------
# Cases, calls and press items


def _cases(scope: Scope, start: dt.date, end: dt.date, by: str) -> list[v.CaseRow]:
    low, high = _local_bounds(start, end)
    field = "report__received_at" if by == "received" else "closed_at"
    rows = (
        Case.objects.filter(scope.q("location_id", "scope_path", _vendor()))
        .filter(**{f"{field}__gte": low, f"{field}__lt": high})
        .annotate(first_approved=Min("transitions__at", filter=Q(transitions__to_state="approved")))
        .values(
            "id",
            "location_id",
            "report__received_at",
            "report__channel",
            "report__classification",
            "report__suspected_relationship",
            "emergency_needed",
            "intervened_at",
            "first_approved",
            "closed_at",
        )
    )
    calendar = load_calendar()
    return [
        v.CaseRow(
            id=r["id"],
            location_id=r["location_id"],
            received_at=r["report__received_at"],
            channel=r["report__channel"],
            category=r["report__classification"],
            suspected_relationship=r["report__suspected_relationship"],
            emergency_needed=r["emergency_needed"],
            intervened_at=r["intervened_at"],
            first_approved_at=r["first_approved"],
            plan_deadline=add_working_days(
                r["report__received_at"], PLAN_WORKING_DAYS, calendar=calendar
            ),
            closed_at=r["closed_at"],
        )
        for r in rows
    ]


def _contacts(scope: Scope, start: dt.date, end: dt.date) -> list[tuple[dt.date, v.EventRow]]:
    low, high = _local_bounds(start, end)
    rows = (
        Contact.objects.filter(scope.q("location_id", "scope_path", _vendor()))
        .filter(received_at__gte=low, received_at__lt=high)
        .values("id", "location_id", "received_at", "topic__code", "topic__parent__code", "line")
    )
    return [
        (
            _local_date(r["received_at"]),
            v.EventRow(
                id=r["id"],
                location_id=r["location_id"],
                topic=r["topic__code"],
                topic_group=r["topic__parent__code"] or r["topic__code"],
                line=r["line"],
            ),
        )
        for r in rows
    ]


def _press(scope: Scope, start: dt.date, end: dt.date) -> list[tuple[dt.date, v.EventRow]]:
    rows = (
        PressItem.objects.filter(scope.q("location_id", "scope_path", _vendor()))
        .filter(published_on__gte=start, published_on__lte=end)
        .values("id", "location_id", "published_on")
    )
    return [(r["published_on"], v.EventRow(id=r["id"], location_id=r["location_id"])) for r in rows]


# ---------------------------------------------------------------------------------------------
# Subjects and figures


def subjects(
    scope: Scope, periods: list[Period], populations: set[str]
) -> Iterator[tuple[Period, str, object]]:
    """Every (period, population, subject) counted in ``scope``, as of each period."""
    if not periods:
        return
    paths = _Paths()
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    if v.CHILDREN in populations:
        for history in load_children(scope, periods):
            for p in periods:
                child = history.at(p)
                if child is not None and scope.holds(child.location_id, paths):
                    yield p, v.CHILDREN, child
    if v.CASES_RECEIVED in populations:
        for case in _cases(scope, start, end, "received"):
            day = _local_date(case.received_at)
            for p in periods:
                if day in p:
                    yield p, v.CASES_RECEIVED, case
    if v.CASES_CLOSED in populations:
        for case in _cases(scope, start, end, "closed"):
            day = _local_date(case.closed_at)
            for p in periods:
                if day in p:
                    yield p, v.CASES_CLOSED, case
    for population, rows in (
        (v.CONTACTS, _contacts(scope, start, end) if v.CONTACTS in populations else []),
        (v.PRESS_ITEMS, _press(scope, start, end) if v.PRESS_ITEMS in populations else []),
    ):
        for day, row in rows:
            for p in periods:
                if day in p:
                    yield p, population, row


# (location_id, period key, indicator code, breakdown name, key) -> [numerator, denominator]
Facts = dict[tuple[int, str, str, str, str], list[int]]


def compute(
    scope: Scope, periods: list[Period], indicators: list[Indicator] | None = None
) -> Facts:
    """Numerators and denominators per location where the subjects are, period, indicator,
    breakdown and key. Only keys with a subject appear (zero rows are left out)."""
    indicators = [i for i in (indicators or INDICATORS) if i.computable]
    populations = {p for i in indicators for p in i.populations}
    by_population: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        for population in indicator.populations:
            by_population[population].append(indicator)
    facts: Facts = {}
    for p, population, subject in subjects(scope, periods, populations):
        window = v.Window(p.start, p.end)
        for indicator in by_population[population]:
            parts = [(0, indicator.numerator), (1, indicator.denominator)]
            for slot, measure in parts:
                if measure is None or measure.population != population:
                    continue
                if not measure.test(subject, window):
                    continue
                for dims in ((), *indicator.breakdowns):
                    name = v.breakdown_name(dims)
                    for key in v.keys_for(subject, dims) if dims else [""]:
                        cell = (subject.location_id, p.key, indicator.code, name, key)
                        facts.setdefault(cell, [0, 0])[slot] += 1
    return facts


def matching_ids(
    scope: Scope,
    period: Period,
    indicator: Indicator,
    *,
    part: str = "numerator",
    breakdown: str = "",
    key: str = "",
) -> list[int]:
    """Ids of the subjects behind one figure (children, cases, calls or press items)."""
    measure = indicator.numerator if part == "numerator" else indicator.denominator
    if measure is None or not indicator.computable:
        return []
    dims = tuple(d for d in breakdown.split(",") if d)
    window = v.Window(period.start, period.end)
    found: list[int] = []
    for _p, _population, subject in subjects(scope, [period], {measure.population}):
        if not measure.test(subject, window):
            continue
        if dims and key not in v.keys_for(subject, dims):
            continue
        found.append(subject.id)
    return sorted(set(found))
