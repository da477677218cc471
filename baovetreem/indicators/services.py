"""The public face of the indicators: figures for a unit and a period, and what is behind them.

Every function takes the user first and answers only for units under their scope for
``indicators.view_indicatorvalue``; the records behind a count are filtered again through the
register's and the cases' own rules, so a count never reveals a record its reader could not
open (a provincial officer without register rights gets counts, never names).

Typical use (dashboard, reports, API)::

    from baovetreem.indicators import periods, services

    p = periods.period(periods.SIX_MONTH, 2025, 1)          # 15/12/2024 - 14/06/2025
    figures = services.values(user, commune, p)              # every indicator, totals
    by_sex = services.values(user, commune, p, ["children"], breakdown="sex")
    rows = services.child_units(user, province, p, ["special_pct"])   # drill-down
    kids = services.children_behind(user, commune, p, "special_pct")  # a Child queryset

Periods come from ``periods`` (``period``, ``containing``, ``recent``, ``custom``, ``parse``);
a window ending before it starts or in the future is refused with a ``ValidationError``
carrying a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baovetreem.cases.models import Case
from baovetreem.core.models import user_can_at
from baovetreem.indicators import definitions, facts
from baovetreem.indicators import periods as periods_mod
from baovetreem.indicators import vocabulary as v
from baovetreem.indicators.compute import Scope, compute, matching_ids
from baovetreem.indicators.definitions import Indicator
from baovetreem.indicators.periods import Period
from baovetreem.indicators.targets import judge, targets_for
from baovetreem.locations.models import Location
from baovetreem.registry.models import Child

VIEW_PERMISSION = "indicators.view_indicatorvalue"
TWO_PLACES = Decimal("0.01")


@dataclass
class IndicatorFigure:
    """One figure: an indicator for a unit, a period and a breakdown key (``key`` "" = total).

    ``value`` is the count, the percentage (two decimals) or the rate per 1,000, None when the
    denominator is 0 or the indicator cannot be computed yet (``needs`` says why) or the count
    is suppressed (``suppressed``). ``gap`` = value - target in the indicator's unit; ``status``
    is "met", "close", "far" or "" without a target. ``refreshed_at`` is when the figures were
    counted; ``stale`` says a change is still waiting to be counted into them.
    """

    code: str
    name: str
    unit: str
    direction: str
    location_id: int
    period: str
    breakdown: str
    key: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None = None
    target_comparison: str = ""
    target_plan: str = ""
    target_unit_id: int | None = None
    gap: Decimal | None = None
    status: str = ""
    refreshed_at: dt.datetime | None = None
    stale: bool = False
    suppressed: bool = False
    computable: bool = True
    needs: str = ""


def _name(indicator: Indicator) -> str:
    return indicator.name_en if get_language() == "en" else indicator.name


def can_view(user, unit: Location) -> bool:
    """Whether ``user`` may read the figures of ``unit``."""
    return user_can_at(user, VIEW_PERMISSION, unit.path)


def _require_view(user, unit: Location) -> None:
    if not can_view(user, unit):
        raise PermissionDenied(_("You may not see the figures of this unit."))


def value_of(indicator: Indicator, numerator: int, denominator: int) -> Decimal | None:
    """The figure from its parts: a count, 100 × n / d or 1000 × n / d, two decimals."""
    if indicator.unit == definitions.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    factor = 100 if indicator.unit == definitions.PERCENT else 1000
    return (Decimal(factor * numerator) / Decimal(denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def _indicators(codes: list[str] | None) -> list[Indicator]:
    if not codes:
        return list(definitions.INDICATORS)
    return [definitions.get(code) for code in codes]


def _counts(
    unit: Location, p: Period, indicators: list[Indicator], breakdown: str, today
) -> tuple[dict[tuple[str, str], tuple[int, int]], dt.datetime | None, bool]:
    """(indicator, key) -> (numerator, denominator) for the unit, from the fact table when the
    period is kept there and built, otherwise counted from the raw rows now."""
    codes = [i.code for i in indicators if i.computable]
    if periods_mod.is_precomputed(p, today=today):
        refreshed_at, stale = facts.freshness(unit.path, p)
        if refreshed_at is not None:  # built for this unit
            return facts.rolled_up(unit.path, p.key, codes, breakdown), refreshed_at, stale
    raw = compute(Scope(path=unit.path), [p], [i for i in indicators if i.computable])
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (_loc, _period, code, name, key), (n, d) in raw.items():
        if name == breakdown:
            totals[(code, key)][0] += n
            totals[(code, key)][1] += d
    return {k: (n, d) for k, (n, d) in totals.items()}, timezone.now(), False


def _figure(
    indicator: Indicator,
    unit: Location,
    p: Period,
    breakdown: str,
    key: str,
    numbers: tuple[int, int] | None,
    refreshed_at,
    stale: bool,
    published: bool,
    target=None,
) -> IndicatorFigure:
    n, d = numbers or (0, 0)
    figure = IndicatorFigure(
        code=indicator.code,
        name=_name(indicator),
        unit=indicator.unit,
        direction=indicator.direction,
        location_id=unit.pk,
        period=p.key,
        breakdown=breakdown,
        key=key,
        numerator=n,
        denominator=d if indicator.denominator is not None else None,
        value=value_of(indicator, n, d),
        refreshed_at=refreshed_at,
        stale=stale,
    )
    if not indicator.computable:
        figure.numerator = figure.denominator = figure.value = None
        figure.computable, figure.needs = False, indicator.needs
        return figure
    if not breakdown and target is not None:
        figure.target, figure.target_comparison = target.value, target.comparison
        figure.target_plan, figure.target_unit_id = target.plan_number, target.location_id
        figure.gap, figure.status = judge(target, figure.value)
    threshold = getattr(settings, "SMALL_COUNT_THRESHOLD", 0)
    if published and 0 < n < threshold:
        figure.numerator = figure.value = figure.gap = None
        figure.suppressed = True
    return figure


def values(
    user,
    unit: Location,
    period: Period,
    codes: list[str] | None = None,
    breakdown: str = "",
    *,
    published: bool = False,
    today: dt.date | None = None,
) -> list[IndicatorFigure]:
    """Figures of ``unit`` for ``period``: every indicator (or ``codes``), in declaration order.

    ``breakdown`` "" gives one total per indicator (with its target, gap and status); a
    breakdown name ("sex", "group", "age_band,sex,ethnicity_group" — see
    ``Indicator.breakdown_names()``) gives one figure per key found, for the indicators that
    declare it. ``published=True`` suppresses counts under ``SMALL_COUNT_THRESHOLD``.
    Raises PermissionDenied outside the user's scope, ValidationError for a bad period.
    """
    _require_view(user, unit)
    periods_mod.check(period, today=today)
    indicators = _indicators(codes)
    if breakdown:
        indicators = [i for i in indicators if breakdown in i.breakdown_names()]
    counts, refreshed_at, stale = _counts(unit, period, indicators, breakdown, today)
    targets = {} if breakdown else targets_for([i.code for i in indicators], [unit], period)
    figures: list[IndicatorFigure] = []
    for indicator in indicators:
        keys = sorted(k for code, k in counts if code == indicator.code) if breakdown else [""]
        for key in keys:
            figures.append(
                _figure(
                    indicator,
                    unit,
                    period,
                    breakdown,
                    key,
                    counts.get((indicator.code, key)),
                    refreshed_at,
                    stale,
                    published,
                    targets.get((unit.pk, indicator.code)),
                )
            )
    return figures


def trend(
    user,
    unit: Location,
    code: str,
    kind: str = periods_mod.SIX_MONTH,
    count: int = 4,
    *,
    today: dt.date | None = None,
) -> list[tuple[Period, IndicatorFigure]]:
    """The indicator's total over the ``count`` last ended periods of ``kind``, oldest first."""
    return [
        (p, values(user, unit, p, [code], today=today)[0])
        for p in periods_mod.recent(kind, count, today=today)
    ]


def child_units(
    user,
    unit: Location,
    period: Period,
    codes: list[str] | None = None,
    *,
    published: bool = False,
    today: dt.date | None = None,
) -> list[tuple[Location, list[IndicatorFigure]]]:
    """Drill-down: the totals of each unit directly under ``unit`` (communes of a province,
    villages of a commune), each with its own or inherited target, sorted by name. A few
    queries whatever the number of units: one grouped read of the facts under ``unit``."""
    _require_view(user, unit)
    periods_mod.check(period, today=today)
    indicators = _indicators(codes)
    children = list(Location.objects.filter(parent=unit, valid_until__isnull=True).order_by("name"))
    depth = len(unit.path.strip("/").split("/"))

    def child_of(path: str) -> int | None:
        parts = path.strip("/").split("/")
        return int(parts[depth]) if len(parts) > depth else None

    computable = [i for i in indicators if i.computable]
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    refreshed_at, stale_paths = None, []
    if periods_mod.is_precomputed(period, today=today):
        refreshed_at, _stale = facts.freshness(unit.path, period)
    if refreshed_at is not None:
        rows = facts.rolled_up_by_path(unit.path, period.key, [i.code for i in computable])
        for (path, code), (n, d) in rows.items():
            child = child_of(path)
            if child is not None:
                sums[(child, code)][0] += n
                sums[(child, code)][1] += d
        stale_paths = facts.stale_paths(unit.path, period)
    else:
        refreshed_at = timezone.now()
        raw = compute(Scope(path=unit.path), [period], computable)
        paths = dict(
            Location.objects.filter(pk__in={cell[0] for cell in raw}).values_list("pk", "path")
        )
        for (location_id, _p, code, name, _key), (n, d) in raw.items():
            child = child_of(paths.get(location_id, unit.path))
            if name == "" and child is not None:
                sums[(child, code)][0] += n
                sums[(child, code)][1] += d
    targets = targets_for([i.code for i in indicators], children, period)
    result = []
    for child in children:
        stale = any(path.startswith(child.path) for path in stale_paths)
        figures = [
            _figure(
                indicator,
                child,
                period,
                "",
                "",
                tuple(sums[(child.pk, indicator.code)]),
                refreshed_at,
                stale,
                published,
                targets.get((child.pk, indicator.code)),
            )
            for indicator in indicators
        ]
        result.append((child, figures))
    return result


def _behind(user, unit: Location, period: Period, code: str, part: str, population: set[str]):
    _require_view(user, unit)
    periods_mod.check(period)
    indicator = definitions.get(code)
    measure = indicator.numerator if part == "numerator" else indicator.denominator
    if measure is None or measure.population not in population:
        raise ValueError(f"{code} {part} does not count {sorted(population)}")
    return indicator


def children_behind(
    user,
    unit: Location,
    period: Period,
    code: str,
    *,
    part: str = "numerator",
    breakdown: str = "",
    key: str = "",
) -> QuerySet:
    """The children counted in one figure (``part`` "numerator" or "denominator", optionally
    one breakdown key), as a ``Child`` queryset already restricted to those ``user`` may open.
    """
    indicator = _behind(user, unit, period, code, part, {v.CHILDREN})
    ids = matching_ids(
        Scope(path=unit.path), period, indicator, part=part, breakdown=breakdown, key=key
    )
    return Child.objects.restrict(user, "view").filter(pk__in=ids)


def cases_behind(
    user,
    unit: Location,
    period: Period,
    code: str,
    *,
    part: str = "numerator",
    breakdown: str = "",
    key: str = "",
) -> QuerySet:
    """The cases counted in one figure, as a ``Case`` queryset limited to the cases whose file
    ``user`` may read (``Case.objects.visible_to(user, full=True)``)."""
    indicator = _behind(user, unit, period, code, part, {v.CASES_RECEIVED, v.CASES_CLOSED})
    ids = matching_ids(
        Scope(path=unit.path), period, indicator, part=part, breakdown=breakdown, key=key
    )
    return Case.objects.visible_to(user, full=True).filter(pk__in=ids)


def definitions_for_display() -> list[Indicator]:
    """Every declared indicator (computable or not), in declaration order."""
    return list(definitions.INDICATORS)
