"""Group memberships (Điều 10 and the at-risk categories) and supports received, with the
monthly social allowance computed from the rates in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.registry.models import (
    AllowanceBaseLevel,
    AllowanceCoefficient,
    Child,
    ChildEvent,
    EventKind,
    Group,
    GroupMembership,
    Support,
)
from baovetreem.registry.services.children import _require

# --- groups -------------------------------------------------------------------------------


@transaction.atomic
def add_membership(
    actor,
    child: Child,
    *,
    group: Group,
    start_date: dt.date,
    verified_on: dt.date | None = None,
    source: str = "",
) -> GroupMembership:
    """Record that a child belongs to a group from a date; audited, with who verified it."""
    _require(
        actor, "registry.change_child", child.village, _("You may not change this child's record.")
    )
    if start_date < child.date_of_birth:
        raise ValidationError({"start_date": [_("A group cannot start before the child's birth.")]})
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": [_("The start date is in the future.")]})
    if not group.is_active:
        raise ValidationError({"group": [_("This group is no longer used; choose another.")]})
    open_same = GroupMembership.objects.filter(child=child, group=group, end_date__isnull=True)
    if open_same.exists():
        raise ValidationError(
            {"group": [_("The child is already in this group. End that membership first.")]}
        )
    membership = GroupMembership.objects.create(
        child=child,
        group=group,
        start_date=start_date,
        verified_by=actor,
        verified_on=verified_on or timezone.localdate(),
        source=source,
    )
    ChildEvent.objects.create(
        child=child,
        happened_on=start_date,
        kind=EventKind.GROUP_START,
        actor=actor,
        description=str(group),
    )
    record(actor, AuditAction.CREATE, membership, after=snapshot(membership))
    return membership


@transaction.atomic
def end_membership(
    actor, membership: GroupMembership, *, end_date: dt.date, reason: str = ""
) -> GroupMembership:
    """Close a membership at a date (the row stays, so past reports stay right)."""
    child = membership.child
    _require(
        actor, "registry.change_child", child.village, _("You may not change this child's record.")
    )
    if membership.end_date is not None:
        raise ValidationError(_("This membership has already ended."))
    if end_date < membership.start_date:
        raise ValidationError({"end_date": [_("The end date is before the start date.")]})
    before = snapshot(membership)
    membership.end_date, membership.end_reason = end_date, reason
    membership.save()
    ChildEvent.objects.create(
        child=child,
        happened_on=end_date,
        kind=EventKind.GROUP_END,
        actor=actor,
        description=f"{membership.group}. {reason}".strip(),
    )
    record(actor, AuditAction.UPDATE, membership, before=before, after=snapshot(membership))
    return membership


# --- supports and allowance ---------------------------------------------------------------


@dataclass
class Allowance:
    base_vnd: int
    coefficient: Decimal
    monthly_vnd: int


def monthly_allowance(on: dt.date, coefficient_code: str) -> Allowance:
    """The monthly social allowance on a date: base level in force × the category's coefficient."""
    base = AllowanceBaseLevel.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    coefficient = (
        AllowanceCoefficient.objects.filter(code=coefficient_code, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if base is None or coefficient is None:
        raise ValidationError(_("No allowance level is recorded for that date."))
    monthly = int((Decimal(base.amount_vnd) * coefficient.coefficient).to_integral_value())
    return Allowance(base.amount_vnd, coefficient.coefficient, monthly)


def allowance_coefficient_for(child: Child, on: dt.date) -> str:
    """The allowance category a child falls in on a date (disability first, then age)."""
    if child.disability_severity == "extremely_severe":
        return "child_disability_extremely_severe"
    if child.disability_severity == "severe":
        return "child_disability_severe"
    return "child_under_4_no_support" if child.age_on(on) < 4 else "child_4_plus_no_support"


@transaction.atomic
def record_support(
    actor,
    child: Child,
    *,
    kind: str,
    received_on: dt.date,
    amount_vnd: int | None = None,
    provider: str = "",
    policy: str = "",
    note: str = "",
) -> Support:
    """Record a support the child received; a monthly allowance without amount is computed."""
    _require(
        actor, "registry.change_child", child.village, _("You may not change this child's record.")
    )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("The date is in the future.")]})
    if received_on < child.date_of_birth:
        raise ValidationError({"received_on": [_("The date is before the child's birth.")]})
    if kind == "social_allowance" and amount_vnd is None:
        amount_vnd = monthly_allowance(
            received_on, allowance_coefficient_for(child, received_on)
        ).monthly_vnd
    support = Support.objects.create(
        child=child,
        kind=kind,
        received_on=received_on,
        amount_vnd=amount_vnd,
        provider=provider,
        policy=policy,
        note=note,
        recorded_by=actor,
    )
    ChildEvent.objects.create(
        child=child,
        happened_on=received_on,
        kind=EventKind.SUPPORT,
        actor=actor,
        description=support.get_kind_display()
        + (f" — {amount_vnd:,} đ".replace(",", ".") if amount_vnd else ""),
    )
    record(actor, AuditAction.CREATE, support, after=snapshot(support))
    return support
