"""Keeping the directory, referring a case's child with consent, following referrals and legal aid.

Every function checks the actor's right at the case's (or provider's) location, reaches cases only
through ``Case.objects.visible_to``, and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.cases.models import Case, CaseState
from baovetreem.core.calendar import VIETNAM
from baovetreem.core.models import user_can_at
from baovetreem.locations.models import Level, Location
from baovetreem.referrals.models import (
    Hearing,
    LegalAidFollowUp,
    LegalRole,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)
from baovetreem.registry.models import SupportKind, age_on
from baovetreem.registry.services import record_support

CHILD_CONSENT_AGE = 7  # NĐ 13/2023 Đ.20; Luật Bảo vệ dữ liệu cá nhân 2025

PROVIDER_FIELDS = [
    "name",
    "kind",
    "address",
    "phone",
    "contact_person",
    "services",
    "is_active",
]

# Which transitions a referral may make; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
}

SUPPORT_KIND_OF_SERVICE: dict[str, str] = {
    ServiceKind.HEALTH_CARE: SupportKind.HEALTH_CARE,
    ServiceKind.PSYCHOLOGICAL: SupportKind.PSYCHOLOGICAL,
    ServiceKind.LEGAL_AID: SupportKind.LEGAL_AID,
    ServiceKind.EDUCATION: SupportKind.EDUCATION,
    ServiceKind.NUTRITION: SupportKind.NUTRITION,
    ServiceKind.ALTERNATIVE_CARE: SupportKind.ALTERNATIVE_CARE,
    # A monthly allowance is decided by the commune, not delivered by a referral: record as other.
    ServiceKind.SOCIAL_ASSISTANCE: SupportKind.OTHER,
    ServiceKind.FAMILY_REUNIFICATION: SupportKind.OTHER,
    ServiceKind.SAFETY: SupportKind.OTHER,
    ServiceKind.OTHER: SupportKind.OTHER,
}

# The log keeps what was decided, not the reason (it stays with the case's narrower readers).
_REFERRAL_AUDIT_FIELDS = [
    "case",
    "provider",
    "service_kind",
    "requested_at",
    "child_age",
    "consent_child",
    "consent_carer",
    "status",
    "accepted_at",
    "declined_at",
    "completed_at",
    "support",
]

LEGAL_AID_FIELDS = ["child_role", "provider", "lawyer_name", "started_on", "outcome", "notes"]


class StatusRefused(Exception):
    """A referral status change that cannot be made; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- directory ----------------------------------------------------------------------------


def _clean_provider(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: data[name] for name in PROVIDER_FIELDS if name in data}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    errors: dict[str, list[str]] = {}
    if not cleaned.get("name"):
        errors["name"] = [_("Enter the name of the agency or provider.")]
    if cleaned.get("kind") not in ProviderKind.values:
        errors["kind"] = [_("Choose the kind of provider from the list.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_provider_location(actor, location: Location, perm: str) -> None:
    if location.level not in {Level.PROVINCE, Level.COMMUNE}:
        raise ValidationError(
            {"location": [_("Choose the province or the commune the provider serves.")]}
        )
    if not user_can_at(actor, perm, location.path):
        raise PermissionDenied(_("You may not keep the directory of this area."))


@transaction.atomic
def add_provider(actor, data: dict[str, Any], *, location: Location) -> ServiceProvider:
    """Add an agency to the directory of ``location`` (a province or a commune); audited."""
    _check_provider_location(actor, location, "referrals.add_serviceprovider")
    provider = ServiceProvider(location=location, **_clean_provider(data))
    provider.full_clean()
    provider.save()
    record(actor, AuditAction.CREATE, provider, after=snapshot(provider))
    return provider


@transaction.atomic
def update_provider(
    actor, provider: ServiceProvider, data: dict[str, Any], *, location: Location | None = None
) -> ServiceProvider:
    """Change a provider of the directory; the actor needs the right where it is and where it
    goes."""
    if not user_can_at(actor, "referrals.change_serviceprovider", provider.scope_path):
        raise PermissionDenied(_("You may not change this provider."))
    if location is not None and location.pk != provider.location_id:
        _check_provider_location(actor, location, "referrals.change_serviceprovider")
        provider.location = location
    before = snapshot(provider)
    for name, value in _clean_provider(data).items():
        setattr(provider, name, value)
    provider.full_clean()
    provider.save()
    record(actor, AuditAction.UPDATE, provider, before=before, after=snapshot(provider))
    return provider


# --- referrals ----------------------------------------------------------------------------


def _visible_case(actor, case: Case) -> Case:
    """The case if ``actor`` may work on it (not merely read it after breaking the glass), or
    PermissionDenied (never a hint it exists)."""
    found = (
        Case.objects.worked_on_by(actor)
        .select_related("child", "report", "report__child")
        .filter(pk=case.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("You may not work on this case."))
    return found


def child_age_on(case: Case, on: dt.date) -> int | None:
    """The child's age on ``on``: from the register, else the report's date of birth or the age
    estimated when the report was received; None when nothing is known."""
    child = case.child or case.report.child
    if child is not None:
        return age_on(child.date_of_birth, on)
    report = case.report
    if report.child_date_of_birth:
        return age_on(report.child_date_of_birth, on)
    if report.child_estimated_age is not None:
        received_on = timezone.localtime(report.received_at, VIETNAM).date()
        return report.child_estimated_age + max(age_on(received_on, on), 0)
    return None


def child_consent_required(age: int | None) -> bool:
    """A child aged 7 or more must agree; when the age is unknown, ask the child too."""
    return age is None or age >= CHILD_CONSENT_AGE


def consent_errors(data: dict[str, Any], age: int | None) -> dict[str, list[str]]:
    """What consent is missing for a referral of a child aged ``age`` (None when unknown)."""
    errors: dict[str, list[str]] = {}
    if not data.get("consent_carer"):
        errors["consent_carer"] = [
            _(
                "The parent or carer has not agreed: the child can be referred only after their "
                "consent is obtained and recorded."
            )
        ]
    if child_consent_required(age) and not data.get("consent_child"):
        if age is None:
            message = _(
                "The child's age is unknown, so the child must also agree: record the child's "
                "consent before referring."
            )
        else:
            message = _(
                "The child is %(age)s years old: from 7 years a child must also agree. Record "
                "the child's consent before referring."
            ) % {"age": age}
        errors["consent_child"] = [message]
    return errors


@transaction.atomic
def refer(
    actor, case: Case, provider: ServiceProvider, data: dict[str, Any], *, now=None
) -> Referral:
    """Refer the case's child to ``provider``; refused, with nothing stored, without the recorded
    consent of the carer (and of the child aged 7 or more), or to a provider outside the area."""
    case = _visible_case(actor, case)
    if not user_can_at(actor, "referrals.add_referral", case.scope_path):
        raise PermissionDenied(_("You may not refer the children of this case."))
    now = now or timezone.now()
    requested_on = timezone.localtime(now, VIETNAM).date()
    age = child_age_on(case, requested_on)
    if case.state == CaseState.CLOSED:
        raise ValidationError(
            _(
                "This case is closed, so the child cannot be referred from it: receive a new "
                "report if the child needs help again."
            )
        )
    errors: dict[str, list[str]] = {}
    if not provider.serves(case.scope_path):
        errors["provider"] = [
            _(
                "This provider does not serve the child's commune: choose one of the commune "
                "or of its province."
            )
        ]
    if data.get("service_kind") not in ServiceKind.values:
        errors["service_kind"] = [_("Choose the service from the list.")]
    reason = str(data.get("reason") or "").strip()
    if not reason:
        errors["reason"] = [_("Write why the child is referred and what is asked of the provider.")]
    errors.update(consent_errors(data, age))
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        service_kind=data["service_kind"],
        reason=reason,
        requested_at=now,
        child_age=age,
        consent_child=bool(data.get("consent_child")),
        consent_carer=True,
        consent_note=str(data.get("consent_note") or "").strip(),
        sent_by=actor,
    )
    record(
        actor,
        AuditAction.CREATE,
        referral,
        after=snapshot(referral, _REFERRAL_AUDIT_FIELDS),
        note=case.code,
    )
    return referral


def allowed_statuses(actor, referral: Referral) -> list[str]:
    """The statuses ``actor`` may move ``referral`` to now (for showing the form)."""
    if not user_can_at(actor, "referrals.change_referral", referral.scope_path):
        return []
    return [s for s in ReferralStatus.values if s in TRANSITIONS[referral.status]]


@transaction.atomic
def set_status(actor, referral: Referral, status: str, feedback: str = "", *, now=None) -> Referral:
    """Record the provider's answer or the service delivered; on completion, also record the
    support in the child's register when the actor may (otherwise say why it was not)."""
    locked = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    case = _visible_case(actor, locked.case)
    if not user_can_at(actor, "referrals.change_referral", locked.scope_path):
        raise PermissionDenied(_("You may not update the referrals of this case."))
    if status not in TRANSITIONS.get(locked.status, set()):
        raise StatusRefused(
            _("A referral that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": ReferralStatus(locked.status).label,
                "to": ReferralStatus(status).label if status in ReferralStatus.values else status,
            }
        )
    now = now or timezone.now()
    before = snapshot(locked, _REFERRAL_AUDIT_FIELDS)
    locked.status = status
    feedback = (feedback or "").strip()
    if feedback:
        locked.feedback = f"{locked.feedback}\n{feedback}".strip() if locked.feedback else feedback
    if status == ReferralStatus.ACCEPTED:
        locked.accepted_at = now
    elif status == ReferralStatus.DECLINED:
        locked.declined_at = now
    elif status == ReferralStatus.COMPLETED:
        locked.completed_at = now
        _record_support(actor, locked, case, timezone.localtime(now, VIETNAM).date())
    locked.save()
    record(
        actor,
        AuditAction.UPDATE,
        locked,
        before=before,
        after=snapshot(locked, _REFERRAL_AUDIT_FIELDS),
        note=f"{before['status']} → {status}",
    )
    return locked


def _record_support(actor, referral: Referral, case: Case, on: dt.date) -> None:
    child = case.child or case.report.child
    if child is None:
        referral.support_note = _(
            "The case is not linked to a child of the register: no support recorded."
        )
        return
    try:
        with transaction.atomic():
            referral.support = record_support(
                actor,
                child,
                kind=SUPPORT_KIND_OF_SERVICE[referral.service_kind],
                received_on=on,
                provider=referral.provider.name[:200],
                note=_("Referral of case %(code)s: %(service)s")
                % {"code": case.code, "service": referral.get_service_kind_display()},
            )
            referral.support_note = ""
    except PermissionDenied:
        referral.support_note = _(
            "The support could not be recorded in the register: you may not change this "
            "child's record. Ask the commune officer to record it."
        )
    except ValidationError as exc:
        referral.support_note = (
            _("The support could not be recorded in the register: %(why)s")
            % {"why": " ".join(exc.messages)}
        )[:255]


def record_supports_on_link(actor, case: Case) -> list[Referral]:
    """Record in the register the supports of the case's completed referrals that have none yet,
    once the case is linked to a child of the register; each dated as its completion, audited.

    Runs inside the link's transaction (``case`` is the locked, linked case). The right to record
    is the register's, checked by ``record_support``: without it the link still holds and the
    referral's note says why, as on completion. Idempotent: a referral that has its support is
    skipped, so linking, unlinking and linking again records nothing twice. Unlinking deletes no
    support: what was recorded stays in the first child's record (the register corrects it if
    that child was the wrong one), and linking another child does not record it again.
    """
    # Lock every referral without support, not only the completed ones: a completion under way
    # (``set_status`` holds the row and read the case before this link) is waited for and seen
    # here once committed; the status is checked after the lock, on the row as it then is.
    waiting = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("provider")
        .filter(case=case, support__isnull=True)
        .order_by("completed_at", "id")
    )
    recorded = []
    for referral in waiting:
        if referral.status != ReferralStatus.COMPLETED:
            continue
        before = snapshot(referral, _REFERRAL_AUDIT_FIELDS)
        on = timezone.localtime(referral.completed_at, VIETNAM).date()
        _record_support(actor, referral, case, on)
        referral.save(update_fields=["support", "support_note", "updated_at"])
        if referral.support_id is not None:
            record(
                actor,
                AuditAction.UPDATE,
                referral,
                before=before,
                after=snapshot(referral, _REFERRAL_AUDIT_FIELDS),
                note="support recorded on link",
            )
            recorded.append(referral)
    return recorded


def on_child_linked(sender, *, case: Case, child, actor, **kwargs) -> None:
    """Receiver of ``cases.signals.child_linked`` (connected in ``ReferralsConfig.ready``)."""
    record_supports_on_link(actor, case)


# --- legal aid ----------------------------------------------------------------------------


def _clean_legal_aid(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: data[name] for name in LEGAL_AID_FIELDS if name in data}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    errors: dict[str, list[str]] = {}
    if cleaned.get("child_role") not in LegalRole.values:
        errors["child_role"] = [
            _("Choose whether the child is in conflict with the law or a victim.")
        ]
    if not cleaned.get("started_on"):
        errors["started_on"] = [_("Enter the date the legal aid started.")]
    elif cleaned["started_on"] > timezone.localdate():
        errors["started_on"] = [_("The date is in the future.")]
    provider = cleaned.get("provider")
    if provider is not None and not provider.serves(case.scope_path):
        errors["provider"] = [
            _("This provider does not serve the child's commune: choose one of the area.")
        ]
    if provider is None and not cleaned.get("lawyer_name"):
        errors["lawyer_name"] = [
            _("Choose the legal-aid centre or write the name of the lawyer who assists the child.")
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def open_legal_aid(actor, case: Case, data: dict[str, Any]) -> LegalAidFollowUp:
    """Start the legal-aid follow-up of a child in conflict with the law or a victim; audited."""
    case = _visible_case(actor, case)
    if not user_can_at(actor, "referrals.add_legalaidfollowup", case.scope_path):
        raise PermissionDenied(_("You may not record legal aid for this case."))
    follow_up = LegalAidFollowUp.objects.create(
        case=case, created_by=actor, **_clean_legal_aid(case, data)
    )
    record(
        actor,
        AuditAction.CREATE,
        follow_up,
        after=snapshot(follow_up, ["case", "child_role", "provider", "started_on"]),
        note=case.code,
    )
    return follow_up


def _check_legal_aid_change(actor, follow_up: LegalAidFollowUp) -> Case:
    case = _visible_case(actor, follow_up.case)
    if not user_can_at(actor, "referrals.change_legalaidfollowup", follow_up.scope_path):
        raise PermissionDenied(_("You may not update the legal aid of this case."))
    return case


@transaction.atomic
def update_legal_aid(actor, follow_up: LegalAidFollowUp, data: dict[str, Any]) -> LegalAidFollowUp:
    """Change the follow-up (who assists, outcome, notes); audited."""
    case = _check_legal_aid_change(actor, follow_up)
    fields = ["child_role", "provider", "lawyer_name", "started_on"]
    before = snapshot(follow_up, fields)
    merged = {name: getattr(follow_up, name) for name in LEGAL_AID_FIELDS}
    merged.update({k: v for k, v in data.items() if k in LEGAL_AID_FIELDS})
    for name, value in _clean_legal_aid(case, merged).items():
        setattr(follow_up, name, value)
    follow_up.save()
    record(
        actor,
        AuditAction.UPDATE,
        follow_up,
        before=before,
        after=snapshot(follow_up, fields),
        note=case.code,
    )
    return follow_up


@transaction.atomic
def add_hearing(actor, follow_up: LegalAidFollowUp, data: dict[str, Any]) -> Hearing:
    """Add a hearing date (past or coming) to a legal-aid follow-up; audited."""
    _check_legal_aid_change(actor, follow_up)
    if not data.get("held_on"):
        raise ValidationError({"held_on": [_("Enter the date of the hearing.")]})
    hearing = Hearing.objects.create(
        follow_up=follow_up,
        held_on=data["held_on"],
        place=str(data.get("place") or "").strip(),
        purpose=str(data.get("purpose") or "").strip(),
        result=str(data.get("result") or "").strip(),
    )
    record(actor, AuditAction.CREATE, hearing, after=snapshot(hearing, ["follow_up", "held_on"]))
    return hearing


@transaction.atomic
def remove_hearing(actor, hearing: Hearing) -> None:
    """Remove a hearing entered by mistake; audited."""
    _check_legal_aid_change(actor, hearing.follow_up)
    record(actor, AuditAction.DELETE, hearing, before=snapshot(hearing, ["follow_up", "held_on"]))
    hearing.delete()


def record_case_view(actor, case: Case, note: str) -> None:
    """Log that ``actor`` opened a page of the case (every access to a case is an audit event)."""
    record(actor, AuditAction.VIEW, case, note=note)
