"""Households of the village register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.text import clean_text_fields
from baovetreem.locations.models import Location
from baovetreem.registry.models import Household
from baovetreem.registry.services.children import _require


@transaction.atomic
def create_household(
    actor,
    *,
    village: Location,
    head_name: str,
    address: str = "",
    number: str = "",
    phone: str = "",
) -> Household:
    """Add a household to a village the actor may add to; audited."""
    _require(
        actor, "registry.add_household", village, _("You may not add households to this village.")
    )
    data, errors = clean_text_fields(
        Household, {"head_name": head_name, "address": address, "number": number, "phone": phone}
    )
    if not errors.get("head_name") and not data["head_name"]:
        errors["head_name"] = [_("Enter the name of the head of household.")]
    if errors:
        raise ValidationError(errors)
    household = Household.objects.create(village=village, **data)
    record(actor, AuditAction.CREATE, household, after=snapshot(household))
    return household
