"""Targets the plans set: recording them (checked, audited) and finding the one that applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.models import user_can_at
from baovetreem.indicators import definitions
from baovetreem.indicators.models import Comparison, Target
from baovetreem.indicators.periods import Period
from baovetreem.locations.models import Location

MET, CLOSE, FAR = "met", "close", "far"
TARGET_FIELDS = [
    "indicator",
    "location",
    "valid_from",
    "valid_until",
    "comparison",
    "value",
    "plan_number",
    "plan_date",
    "note",
]


def default_comparison(code: str) -> str:
    """Lower-is-better indicators aim below the target, the others at or above it."""
    indicator = definitions.BY_CODE.get(code)
    if indicator is not None and indicator.direction == definitions.LOWER:
        return Comparison.BELOW
    return Comparison.AT_LEAST


@transaction.atomic
def set_target(
    actor,
    *,
    indicator: str,
    location: Location,
    valid_from: dt.date,
    value: Decimal | int | float | str,
    plan_number: str,
    valid_until: dt.date | None = None,
    plan_date: dt.date | None = None,
    comparison: str | None = None,
    note: str = "",
) -> Target:
    """Record a plan's target for an indicator at a unit; refused (Vietnamese message) when
    out of range or when its period ends before it starts. ``actor=None``: seeding."""
    if actor is not None and not user_can_at(actor, "indicators.add_target", location.path):
        raise PermissionDenied(_("You may not set targets for this unit."))
    target = Target(
        indicator=indicator,
        location=location,
        valid_from=valid_from,
        valid_until=valid_until,
        comparison=comparison or default_comparison(indicator),
        value=Decimal(str(value)),
        plan_number=(plan_number or "").strip(),
        plan_date=plan_date,
        note=note,
        created_by=actor,
    )
    target.full_clean(exclude=["path", "created_by"])
    target.save()
    record(actor, AuditAction.CREATE, target, after=snapshot(target, TARGET_FIELDS))
    return target


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def targets_for(
    codes: list[str], units: list[Location], period: Period
) -> dict[tuple[int, str], Target]:
    """(unit id, indicator) -> the target that applies on the period's reference date: the
    unit's own, else its nearest parent's; among several of one unit, the one in force from
    the latest date. One query for any number of units and indicators."""
    prefixes = {prefix for unit in units for prefix in _prefixes(unit.path)}
    candidates = Target.objects.filter(
        indicator__in=codes, path__in=prefixes, valid_from__lte=period.end
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.end))
    best: dict[tuple[int, str], tuple[tuple, Target]] = {}
    for target in candidates:
        rank = (len(target.path), target.valid_from, target.pk)
        for unit in units:
            if not unit.path.startswith(target.path):
                continue
            cell = (unit.pk, target.indicator)
            if cell not in best or rank > best[cell][0]:
                best[cell] = (rank, target)
    return {cell: target for cell, (_rank, target) in best.items()}


def target_for(code: str, unit: Location, period: Period) -> Target | None:
    """The target that applies to one unit and indicator (see ``targets_for``)."""
    return targets_for([code], [unit], period).get((unit.pk, code))


def judge(target: Target | None, value: Decimal | None) -> tuple[Decimal | None, str]:
    """The gap (value minus target, in the indicator's unit) and met / close / far; close is
    within ``INDICATOR_CLOSE_FRACTION`` (default a tenth) of the target."""
    if target is None or value is None:
        return None, ""
    gap = value - target.value
    if target.is_met_by(value):
        return gap, MET
    fraction = Decimal(str(getattr(settings, "INDICATOR_CLOSE_FRACTION", "0.1")))
    return gap, CLOSE if abs(gap) <= abs(target.value) * fraction else FAR
