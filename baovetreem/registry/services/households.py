"""Households of the village register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
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
    if not head_name.strip():
        raise ValidationError({"head_name": [_("Enter the name of the head of household.")]})
    household = Household.objects.create(
        village=village,
        head_name=" ".join(head_name.split()),
        address=address,
        number=number,
        phone=phone,
    )
    record(actor, AuditAction.CREATE, household, after=snapshot(household))
    return household
