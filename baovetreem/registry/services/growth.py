"""Weight and height measurements with WHO z-scores (WHO 2006 standards under five, WHO 2007
reference from five); implausible values are stored only once someone has checked them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.registry.models import (
    Child,
    ChildEvent,
    EventKind,
    Measurement,
)
from baovetreem.registry.services.children import _require


class ImplausibleMeasurement(Exception):
    """A measurement outside plausible limits; store it only when the user confirms it."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


Z_LIMIT = 6  # |z| beyond this is physically implausible: checked, never silently stored
HEIGHT_SHRINK_TOLERANCE_CM = Decimal("1.0")


@transaction.atomic
def record_measurement(
    actor,
    child: Child,
    *,
    measured_on: dt.date,
    weight_kg: Decimal | None,
    height_cm: Decimal | None,
    measured_lying: bool | None = None,
    confirmed: bool = False,
) -> Measurement:
    """Store a measurement with its z-scores; implausible values need ``confirmed=True``."""
    _require(
        actor, "registry.change_child", child.village, _("You may not change this child's record.")
    )
    if weight_kg is None and height_cm is None:
        raise ValidationError(_("Enter the weight, the height, or both."))
    if measured_on > timezone.localdate() or measured_on < child.date_of_birth:
        raise ValidationError({"measured_on": [_("The date must be between the birth and today.")]})
    from baovetreem.registry import growth  # the WHO tables load on first use

    age_days = child.age_in_days(measured_on)
    result = (
        growth.compute(
            child.sex if child.sex in {"male", "female"} else "male",
            age_days,
            float(weight_kg) if weight_kg is not None else None,
            float(height_cm) if height_cm is not None else None,
            measured_lying,
        )
        if child.sex in {"male", "female"}
        else None
    )
    reasons: list[str] = []
    if result is not None:
        for name, label in (
            ("waz", _("weight-for-age")),
            ("haz", _("height-for-age")),
            ("whz", _("weight-for-height")),
            ("baz", _("BMI-for-age")),
        ):
            z = getattr(result, name)
            if z is not None and (abs(z) > Z_LIMIT or name in result.implausible):
                reasons.append(
                    _("The %(indicator)s z-score is %(z).1f, outside plausible limits.")
                    % {"indicator": label, "z": z}
                )
    if height_cm is not None:
        previous = (
            Measurement.objects.filter(
                child=child, measured_on__lt=measured_on, height_cm__isnull=False
            )
            .order_by("-measured_on")
            .first()
        )
        if previous and height_cm + HEIGHT_SHRINK_TOLERANCE_CM < previous.height_cm:
            reasons.append(
                _(
                    "The height is %(now)s cm but was %(before)s cm on %(date)s: "
                    "a child does not shrink."
                )
                % {
                    "now": height_cm,
                    "before": previous.height_cm,
                    "date": previous.measured_on.strftime("%d/%m/%Y"),
                }
            )
    if reasons and not confirmed:
        raise ImplausibleMeasurement(reasons)
    measurement = Measurement(
        child=child,
        measured_on=measured_on,
        weight_kg=weight_kg,
        height_cm=height_cm,
        measured_lying=measured_lying,
        recorded_by=actor,
        needs_check=bool(reasons),
        check_reason=" ".join(reasons)[:255],
    )
    if result is not None:
        measurement.waz, measurement.haz, measurement.whz = result.waz, result.haz, result.whz
        measurement.baz = result.baz
        measurement.underweight = result.underweight
        measurement.stunted = result.stunted
        measurement.wasted = result.wasted
        measurement.thin = result.thin
        measurement.overweight = result.overweight
        measurement.obese = result.obese
    measurement.save()
    ChildEvent.objects.create(
        child=child,
        happened_on=measured_on,
        kind=EventKind.MEASUREMENT,
        actor=actor,
        description=" ".join(
            part
            for part in (
                f"{weight_kg} kg" if weight_kg is not None else "",
                f"{height_cm} cm" if height_cm is not None else "",
            )
            if part
        ),
    )
    record(actor, AuditAction.CREATE, measurement, after=snapshot(measurement))
    return measurement
