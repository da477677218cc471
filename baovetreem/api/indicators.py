"""Indicator figures over the API (unit × period × breakdown), scoped like the dashboard.

The period is given by its key (``2025-S1/14``, ``2025-Y/14``, ``2025-M03``, ``2025-Q1/14``)
or by ``start`` and ``end`` for any window; the figures are those of
``indicators.services.values``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from baovetreem.api.errors import validation_errors
from baovetreem.api.fields import Date, Id, bounded_text
from baovetreem.indicators import definitions, periods, services
from baovetreem.locations.models import Location

router = Router(tags=["indicators"])


class DefinitionOut(Schema):
    code: str
    name: str
    name_en: str
    definition: str
    formula: str
    unit: str
    direction: str
    breakdowns: list[str]
    source: str
    computable: bool
    needs: str


class FigureOut(Schema):
    code: str
    name: str
    unit: str
    period: str
    breakdown: str
    key: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None
    target_plan: str
    gap: Decimal | None
    status: str
    refreshed_at: dt.datetime | None
    stale: bool
    suppressed: bool
    computable: bool
    needs: str


class ValuesOut(Schema):
    unit_id: int
    period: str
    label: str
    start: dt.date
    end: dt.date
    figures: list[FigureOut]


class ValuesQuery(Schema):
    unit_id: Id
    period: bounded_text(32) | None = None
    start: Date | None = None
    end: Date | None = None
    codes: bounded_text(1000) = ""
    breakdown: bounded_text(80) = ""
    published: bool = False


@router.get("/definitions", response=list[DefinitionOut])
def list_definitions(request):
    """Every declared indicator, with what it counts and whether it can be computed yet."""
    return [
        {
            **{k: getattr(i, k) for k in ("code", "name", "name_en", "definition", "formula")},
            **{k: getattr(i, k) for k in ("unit", "direction", "source", "computable", "needs")},
            "breakdowns": i.breakdown_names()[1:],
        }
        for i in definitions.INDICATORS
    ]


def _period(query: ValuesQuery) -> periods.Period:
    if query.period:
        try:
            return periods.parse(query.period)
        except ValueError as exc:
            raise ValidationError(
                {"period": [_("Give the period as 2025-S1/14, 2025-Y/14 or 2025-M03.")]}
            ) from exc
    if query.start and query.end:
        return periods.Period(periods.CUSTOM, query.start, query.end)
    raise ValidationError({"period": [_("Give a period, or a start and an end date.")]})


@router.get("/values", response={200: ValuesOut, 400: dict, 403: dict})
def list_values(request, query: Query[ValuesQuery]):
    """Figures of one unit for one period: totals, or one row per key of ``breakdown``."""
    unit = get_object_or_404(Location, pk=query.unit_id)
    codes = [c for c in query.codes.split(",") if c]
    unknown = [c for c in codes if c not in definitions.BY_CODE]
    try:
        if unknown:
            raise ValidationError({"codes": [_("Unknown indicator: %s.") % ", ".join(unknown)]})
        period = _period(query)
        figures = services.values(
            request.user, unit, period, codes or None, query.breakdown, published=query.published
        )
    except ValidationError as exc:
        return Status(400, validation_errors(exc))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return {
        "unit_id": unit.pk,
        "period": period.key,
        "label": period.label,
        "start": period.start,
        "end": period.end,
        "figures": [f.__dict__ for f in figures],
    }
