"""The fact table: marking what changed, recounting only that, rebuilding for repairs.

A change to a child, a membership, a support, a measurement, a move or a case calls ``mark``
in its own transaction (``signals.py``): one ``DirtyMark`` per unit concerned, with the first
date the change can alter. After the commit a task (``tasks.refresh_indicators``) runs
``refresh``: for each marked unit it recounts the precomputed periods ending on or after that
date and swaps the unit's rows in one transaction, then removes the marks it counted. A recount
that fails leaves the unit's previous rows and its marks (so its figures read as stale), and is
tried again by the next run.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Min, Sum
from django.utils import timezone

from baovetreem.core.models import subtree_q
from baovetreem.indicators import periods as periods_mod
from baovetreem.indicators.compute import Facts, Scope, compute
from baovetreem.indicators.models import DirtyMark, FactState, IndicatorValue
from baovetreem.indicators.periods import Period
from baovetreem.locations.models import Level, Location

logger = logging.getLogger(__name__)
FACT_LEVELS = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE]
EARLIEST = dt.date(1900, 1, 1)


# ---------------------------------------------------------------------------------------------
# Marking


def mark(location_ids: Iterable[int | None], since: dt.date | None) -> int:
    """Note, in the caller's transaction, that the facts of these units must be recounted for
    every period ending on or after ``since``; queue a refresh for after the commit."""
    ids = {pk for pk in location_ids if pk is not None}
    if not ids:
        return 0
    since = since or EARLIEST
    paths = dict(Location.objects.filter(pk__in=ids).values_list("pk", "path"))
    DirtyMark.objects.bulk_create(
        [DirtyMark(location_id=pk, path=path, since=since) for pk, path in paths.items()]
    )
    _schedule_refresh()
    return len(paths)


def _enqueue_refresh() -> None:
    from baovetreem.indicators.tasks import refresh_indicators

    try:
        refresh_indicators.enqueue()
    except Exception:  # the change is saved; the figures only wait for the next run
        logger.exception("Could not queue the indicator refresh")


_suspended = contextvars.ContextVar("indicator_refresh_suspended", default=False)


@contextlib.contextmanager
def refresh_suspended():
    """Mark changes but queue no refresh (bulk loaders, which rebuild once at the end)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _schedule_refresh() -> None:
    """Queue one refresh per transaction, after it commits (never for a rolled-back change)."""
    if _suspended.get() or not getattr(settings, "INDICATOR_REFRESH_ON_COMMIT", True):
        return
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _enqueue_refresh for entry in pending):
        return
    transaction.on_commit(_enqueue_refresh)


# ---------------------------------------------------------------------------------------------
# Writing a unit's facts


def _write_unit(
    location_id: int, path: str, periods: list[Period], facts: Facts, upto: int | None
) -> int:
    """Replace the unit's rows for ``periods`` with ``facts`` and clear its marks up to
    ``upto``, all in one transaction: readers see either the old rows or the new ones."""
    keys = [p.key for p in periods]
    now = timezone.now()
    rows = [
        IndicatorValue(
            location_id=location_id,
            path=path,
            period=period,
            indicator=code,
            breakdown=breakdown,
            key=key,
            numerator=numbers[0],
            denominator=numbers[1],
        )
        for (loc, period, code, breakdown, key), numbers in facts.items()
        if loc == location_id and period in keys
    ]
    with transaction.atomic():
        # Two workers on one unit queue up here instead of interleaving their rows.
        Location.objects.select_for_update().filter(pk=location_id).first()
        IndicatorValue.objects.filter(location_id=location_id, period__in=keys).delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=1000)
        FactState.objects.filter(location_id=location_id, period__in=keys).delete()
        FactState.objects.bulk_create(
            [
                FactState(location_id=location_id, path=path, period=k, refreshed_at=now)
                for k in keys
            ]
        )
        if upto is not None:
            DirtyMark.objects.filter(location_id=location_id, id__lte=upto).delete()
    return len(rows)


@dataclass
class RefreshResult:
    units: int = 0
    rows: int = 0
    failed: list[int] = field(default_factory=list)
    periods_built: list[str] = field(default_factory=list)


def _note_failure(location_id: int, upto: int | None, exc: Exception) -> None:
    logger.exception("Indicator refresh failed for unit %s", location_id)
    marks = DirtyMark.objects.filter(location_id=location_id)
    if upto is not None:
        marks = marks.filter(id__lte=upto)
    marks.update(attempts=F("attempts") + 1, last_error=str(exc)[:500])


def refresh(*, today: dt.date | None = None) -> RefreshResult:
    """Recount the marked units (only the periods their marks reach), then build any
    precomputed period that has just ended and has no facts yet."""
    result = RefreshResult()
    all_periods = periods_mod.precomputed(today=today)
    upto = DirtyMark.objects.aggregate(top=Max("id"))["top"]
    if upto is not None:
        pending = (
            DirtyMark.objects.filter(id__lte=upto)
            .values("location_id", "path")
            .annotate(since=Min("since"))
            .order_by("location_id")
        )
        for row in pending:
            chosen = [p for p in all_periods if p.end >= row["since"]]
            try:
                facts = compute(Scope(location_ids=frozenset([row["location_id"]])), chosen)
                result.rows += _write_unit(row["location_id"], row["path"], chosen, facts, upto)
                result.units += 1
            except Exception as exc:  # noqa: BLE001 - one unit's failure must not stop the rest
                result.failed.append(row["location_id"])
                _note_failure(row["location_id"], upto, exc)
    built = set(FactState.objects.values_list("period", flat=True).distinct())
    missing = [p for p in all_periods if p.key not in built]
    if missing:
        sub = rebuild(periods=missing, today=today)
        result.units += sub.units
        result.rows += sub.rows
        result.failed += sub.failed
        result.periods_built = [p.key for p in missing]
    return result


def rebuild(
    *,
    unit: Location | None = None,
    periods: list[Period] | None = None,
    today: dt.date | None = None,
) -> RefreshResult:
    """Recount every unit under ``unit`` (everything when None) for ``periods`` (all the
    precomputed ones by default), unit by unit: an interrupted rebuild leaves the units it
    did not reach with their old rows, marked stale."""
    result = RefreshResult()
    chosen = periods if periods is not None else periods_mod.precomputed(today=today)
    if not chosen:
        return result
    units = Location.objects.filter(level__in=FACT_LEVELS)
    if unit is not None:
        units = units.filter(subtree_q("path", unit.path, connection.vendor))
    units = list(units.values_list("pk", "path"))
    first_end = min(p.end for p in chosen)
    with transaction.atomic():
        DirtyMark.objects.bulk_create(
            [DirtyMark(location_id=pk, path=path, since=first_end) for pk, path in units],
            batch_size=1000,
        )
    # Marks written after this point (a change while the rebuild counts) keep their unit stale.
    upto = DirtyMark.objects.aggregate(top=Max("id"))["top"]
    scope = Scope(path=unit.path) if unit is not None else Scope()
    facts = compute(scope, chosen)
    by_unit: Facts = defaultdict(dict)
    for cell, numbers in facts.items():
        by_unit[cell[0]][cell] = numbers
    for pk, path in units:
        try:
            result.rows += _write_unit(pk, path, chosen, by_unit.get(pk, {}), upto)
            result.units += 1
        except Exception as exc:  # noqa: BLE001
            result.failed.append(pk)
            _note_failure(pk, upto, exc)
    return result


# ---------------------------------------------------------------------------------------------
# Reading rolled-up facts


def rolled_up(
    path: str, period_key: str, codes: list[str], breakdown: str = ""
) -> dict[tuple[str, str], tuple[int, int]]:
    """(indicator, key) -> (numerator, denominator) summed over every unit under ``path``."""
    rows = (
        IndicatorValue.objects.filter(subtree_q("path", path, connection.vendor))
        .filter(period=period_key, indicator__in=codes, breakdown=breakdown)
        .values("indicator", "key")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    return {(r["indicator"], r["key"]): (r["n"] or 0, r["d"] or 0) for r in rows}


def rolled_up_by_path(
    path: str, period_key: str, codes: list[str]
) -> dict[tuple[str, str], tuple[int, int]]:
    """(unit path, indicator) -> totals, one row per unit under ``path`` (for drill-down)."""
    rows = (
        IndicatorValue.objects.filter(subtree_q("path", path, connection.vendor))
        .filter(period=period_key, indicator__in=codes, breakdown="")
        .values("path", "indicator")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    return {(r["path"], r["indicator"]): (r["n"] or 0, r["d"] or 0) for r in rows}


def freshness(path: str, period: Period) -> tuple[dt.datetime | None, bool]:
    """When the unit's facts of ``period`` were last written (the oldest of its parts; None
    when never) and whether a change under it is still waiting to be counted."""
    vendor = connection.vendor
    refreshed = FactState.objects.filter(subtree_q("path", path, vendor), period=period.key)
    refreshed_at = refreshed.aggregate(oldest=Min("refreshed_at"))["oldest"]
    stale = DirtyMark.objects.filter(
        subtree_q("path", path, vendor), since__lte=period.end
    ).exists()
    return refreshed_at, stale


def stale_paths(path: str, period: Period) -> list[str]:
    """Paths of the units under ``path`` with a change still waiting to be counted."""
    marks = DirtyMark.objects.filter(
        subtree_q("path", path, connection.vendor), since__lte=period.end
    )
    return sorted(set(marks.values_list("path", flat=True)))
