"""Households and carers: who a child lives with and who looks after them. Audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.models import user_can_at
from baovetreem.core.text import clean_text_fields
from baovetreem.registry.models import Carer, Child, Household, HouseholdPoverty, PovertyStatus

CARER_FIELDS = [
    "relationship",
    "full_name",
    "birth_year",
    "personal_id",
    "phone",
    "occupation",
    "is_primary_carer",
    "is_deceased",
    "works_away",
    "in_prison",
    "uses_drugs",
]
HOUSEHOLD_FIELDS = ["number", "head_name", "address", "phone"]


def _require_child(actor, child: Child) -> None:
    if not user_can_at(actor, "registry.change_child", child.scope_path):
        raise PermissionDenied(_("You may not change this child's record."))


def _check_carer(data: dict[str, Any]) -> dict[str, Any]:
    """The carer's data with its texts cleaned (``core.text``), or ValidationError."""
    data, errors = clean_text_fields(Carer, data, ["full_name", "phone", "occupation"])
    if "full_name" not in errors:
        if not data.get("full_name"):
            errors["full_name"] = [_("Enter the carer's full name.")]
        elif not any(ch.isalpha() for ch in data["full_name"]):
            errors["full_name"] = [_("A name must contain letters. Check what was typed.")]
    year = data.get("birth_year")
    this_year = timezone.localdate().year
    if year and not (this_year - 110 <= year <= this_year - 10):
        errors["birth_year"] = [
            _("The year of birth must be between %(a)d and %(b)d.")
            % {"a": this_year - 110, "b": this_year - 10}
        ]
    pid = str(data.get("personal_id") or "").replace(" ", "")
    if pid and (not pid.isdigit() or len(pid) != 12):
        errors["personal_id"] = [_("A personal ID number has exactly 12 digits.")]
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def add_carer(actor, child: Child, data: dict[str, Any]) -> Carer:
    """Record a parent, guardian or carer of a child; audited."""
    _require_child(actor, child)
    data = _check_carer(data)
    carer = Carer(child=child, **{k: v for k, v in data.items() if k in CARER_FIELDS})
    carer.personal_id = carer.personal_id.replace(" ", "")
    carer.save()
    record(actor, AuditAction.CREATE, carer, after=snapshot(carer))
    return carer


@transaction.atomic
def update_carer(actor, carer: Carer, data: dict[str, Any]) -> Carer:
    """Correct a carer's details (e.g. now working away, or deceased); audited."""
    _require_child(actor, carer.child)
    merged = {name: getattr(carer, name) for name in CARER_FIELDS} | data
    merged = _check_carer(merged)
    before = snapshot(carer)
    for name in CARER_FIELDS:
        setattr(carer, name, merged[name])
    carer.personal_id = (carer.personal_id or "").replace(" ", "")
    carer.save()
    record(actor, AuditAction.UPDATE, carer, before=before, after=snapshot(carer))
    return carer


@transaction.atomic
def update_household(actor, household: Household, data: dict[str, Any]) -> Household:
    """Correct a household's head, number, address or phone; audited."""
    if not user_can_at(actor, "registry.change_household", household.scope_path):
        raise PermissionDenied(_("You may not change this household."))
    data, errors = clean_text_fields(Household, data, HOUSEHOLD_FIELDS)
    if "head_name" not in errors and not data.get("head_name", household.head_name):
        errors["head_name"] = [_("Enter the name of the head of household.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(household)
    for name in HOUSEHOLD_FIELDS:
        if name in data:
            setattr(household, name, data[name])
    household.save()
    record(actor, AuditAction.UPDATE, household, before=before, after=snapshot(household))
    return household


@transaction.atomic
def set_poverty(actor, household: Household, *, year: int, status: str) -> HouseholdPoverty:
    """Record the household's poverty status for a year (the commune's yearly review)."""
    if not user_can_at(actor, "registry.change_household", household.scope_path):
        raise PermissionDenied(_("You may not change this household."))
    if status not in PovertyStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ValidationError(
            {"year": [_("The year must be between 2000 and %(y)d.") % {"y": this_year + 1}]}
        )
    row = HouseholdPoverty.objects.filter(household=household, year=year).first()
    before = snapshot(row) if row else None
    row, _created = HouseholdPoverty.objects.update_or_create(
        household=household, year=year, defaults={"status": status}
    )
    record(
        actor,
        AuditAction.UPDATE if before else AuditAction.CREATE,
        row,
        before=before,
        after=snapshot(row),
        location_path=household.scope_path,
    )
    return row
