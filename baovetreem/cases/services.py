"""Receiving reports and moving cases through the workflow; every change is checked against the
actor's rights at the case's location, and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot

# Re-exported: the deadline scan and attachments are services of this app kept in their modules.
from baovetreem.cases import notifications
from baovetreem.cases.attachments import add_attachment  # noqa: F401
from baovetreem.cases.deadlines import scan_deadlines  # noqa: F401
from baovetreem.cases.models import (
    EMERGENCY_HOURS,
    AssignmentRole,
    BreakGlassAccess,
    Case,
    CaseAssignment,
    CaseState,
    CaseTransfer,
    CaseTransition,
    GroupProposal,
    ProposalStatus,
    Report,
    RiskLevel,
    TransferStatus,
)
from baovetreem.cases.signals import child_linked
from baovetreem.cases.workflow import TRANSITIONS
from baovetreem.core.calendar import VIETNAM, add_hours, add_working_days
from baovetreem.core.models import user_can_at
from baovetreem.locations.models import Level, Location
from baovetreem.registry.models import Child

PLAN_WORKING_DAYS = 5
CODE_PREFIX = "BVTE"
CLOCK_SKEW = dt.timedelta(minutes=5)

REPORT_FIELDS = [
    "received_at",
    "channel",
    "classification",
    "child",
    "child_name",
    "child_date_of_birth",
    "child_estimated_age",
    "child_sex",
    "incident_place",
    "what_happened",
    "current_condition",
    "likely_consequence",
    "father_name",
    "father_age",
    "father_occupation",
    "mother_name",
    "mother_age",
    "mother_occupation",
    "family_circumstances",
    "current_carer",
    "suspected_person",
    "suspected_relationship",
    "actions_taken",
    "reporter_consent",
    "reporter_name",
    "reporter_phone",
    "reporter_address",
    "notes",
]
REPORTER_FIELDS = ("reporter_name", "reporter_phone", "reporter_address")
# The audit log keeps the case's progress, not its confidential content (that stays in the
# case, whose readers are narrower than the auditors of the area).
CASE_AUDIT_FIELDS = [
    "code",
    "location",
    "child",
    "state",
    "risk_level",
    "emergency_needed",
    "emergency_due_at",
    "intervened_at",
    "plan_due_at",
    "approved_at",
    "closed_at",
    "separation_started_at",
    "separation_ends_at",
    "version",
]


# The one refusal of a step to who may not take it (the case's state stays unsaid).
STEP_REFUSED = gettext_lazy("You do not have the right to take this step on this case.")


class TransitionRefused(Exception):
    """A step that cannot be taken; ``message`` says why in words for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(TransitionRefused):
    """The case is not in a state from which the requested step can be taken."""


class StaleCase(TransitionRefused):
    """Someone else moved the case on since this user opened it."""


def _next_code(year: int) -> str:
    prefix = f"{CODE_PREFIX}-{year}-"
    last = (
        Case.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _clean_report(actor, data: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    data = {name: data.get(name) for name in REPORT_FIELDS if name in data}
    received_at = data.get("received_at")
    if received_at is None:
        errors["received_at"] = [_("Enter when the report was received.")]
    elif timezone.is_naive(received_at):
        errors["received_at"] = [_("Enter the time of receipt with its time zone.")]
    elif received_at > now + CLOCK_SKEW:
        errors["received_at"] = [_("The time of receipt is in the future.")]
    if not str(data.get("what_happened") or "").strip():
        errors["what_happened"] = [_("Describe what happened to the child.")]
    for name in ("channel", "classification"):
        if not data.get(name):
            errors[name] = [_("Choose a value from the list.")]
    born = data.get("child_date_of_birth")
    if born and received_at and born > timezone.localtime(received_at, VIETNAM).date():
        errors["child_date_of_birth"] = [_("The date of birth is after the report.")]
    age = data.get("child_estimated_age")
    if age is not None and not 0 <= int(age) <= 17:
        errors["child_estimated_age"] = [_("An estimated age is between 0 and 17 years.")]
    child = data.get("child")
    if child is not None and not Child.objects.restrict(actor, "view").filter(pk=child.pk).exists():
        errors["child"] = [_("You cannot link this child: it is not in your register.")]
    if errors:
        raise ValidationError(errors)
    for name, value in list(data.items()):
        if isinstance(value, str):
            data[name] = value.strip()
    if not data.get("reporter_consent"):
        # Mẫu 01, A.3: the reporter's contact is kept only if they agree to give it.
        for name in REPORTER_FIELDS:
            data[name] = ""
    return data


@transaction.atomic
def receive_report(
    actor, data: dict[str, Any], *, location: Location, now: dt.datetime | None = None
) -> Case:
    """Record a report (Mẫu 01) and open its case, with its legal deadlines; audited."""
    if location.level not in {Level.COMMUNE, Level.VILLAGE}:
        raise ValidationError(
            {"location": [_("Choose the commune or village where the child is.")]}
        )
    if not user_can_at(actor, "cases.add_report", location.path):
        raise PermissionDenied(_("You may not receive reports for this area."))
    now = now or timezone.now()
    cleaned = _clean_report(actor, data, now)
    report = Report(received_by=actor, location=location, **cleaned)
    report.full_clean(exclude=["child"])
    report.save()
    received_at = report.received_at
    case = Case(
        report=report,
        location=location,
        child=report.child,
        emergency_needed=report.suspect_is_parent_or_carer,
        emergency_due_at=add_hours(received_at, EMERGENCY_HOURS),
        plan_due_at=add_working_days(received_at, PLAN_WORKING_DAYS),
    )
    year = timezone.localtime(received_at, VIETNAM).year
    for attempt in range(5):
        case.code = _next_code(year)
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            # Another intake took the same number at the same moment: take the next one.
            if attempt == 4:
                raise
    if user_can_at(actor, "cases.view_case", location.path):
        CaseAssignment.objects.create(
            case=case, user=actor, role=AssignmentRole.WORKER, assigned_by=actor
        )
    record(
        actor,
        AuditAction.CREATE,
        case,
        after={**snapshot(case, CASE_AUDIT_FIELDS), "channel": report.channel},
    )
    notifications.report_received(actor, case)
    return case


@transaction.atomic
def assign(actor, case: Case, user, role: str = AssignmentRole.WORKER) -> CaseAssignment:
    """Assign a worker or supervisor to a case; only who sees every case of the area may."""
    if not user_can_at(actor, "cases.view_all_case", case.scope_path):
        raise PermissionDenied(_("You may not assign people to this case."))
    if role not in AssignmentRole.values:
        raise ValidationError({"role": [_("Choose a role from the list.")]})
    if not user_can_at(user, "cases.view_case", case.scope_path):
        raise ValidationError(
            {"user": [_("This person has no case-management role in the case's area.")]}
        )
    assignment, created = CaseAssignment.objects.get_or_create(
        case=case, user=user, defaults={"role": role, "assigned_by": actor}
    )
    if not created:
        raise ValidationError({"user": [_("This person is already assigned to the case.")]})
    record(
        actor,
        AuditAction.CREATE,
        assignment,
        after={"case": case.pk, "user": user.pk, "role": role},
    )
    notifications.case_assigned(actor, assignment)
    return assignment


def allowed_next_states(actor, case: Case) -> list[str]:
    """The steps ``actor`` may take on ``case`` now (for showing forms; the service decides)."""
    if not case.may_work_on(actor):
        return []
    return [
        to
        for (frm, to), (codename, _v) in TRANSITIONS.items()
        if frm == case.state and user_can_at(actor, f"cases.{codename}", case.scope_path)
    ]


@transaction.atomic
def transition(
    actor,
    case: Case,
    to_state: str,
    data: dict[str, Any],
    expected_version: int,
    *,
    note: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """Move ``case`` to ``to_state`` with its form's data; refused and unchanged when the step is
    out of order, the actor lacks the right at the case's location, the data is incomplete or
    someone else moved the case since ``expected_version``."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("report").get(pk=case.pk)
    if not locked.may_work_on(actor):
        # Checked before the step: who only reads the report (the operator who received it, a
        # commune offered a transfer) or broke the glass gets the same refusal whatever the
        # case's state and whatever step they ask for, so no answer tells them the state.
        raise PermissionDenied(str(STEP_REFUSED))
    from_state = locked.state
    entry = TRANSITIONS.get((from_state, to_state))
    if entry is None and locked.version != expected_version:
        # The page was stale: most often the same step taken twice at once (a plan sent back
        # by two clicks, two supervisors). Say so rather than name two states.
        raise StaleCase(
            _(
                "Someone else updated this case while you were working on it. Reload the page, "
                "check what changed and enter your step again."
            )
        )
    if entry is None:
        raise InvalidTransition(
            _("A case in the state “%(from)s” cannot go to “%(to)s”.")
            % {
                "from": CaseState(from_state).label,
                "to": CaseState(to_state).label if to_state in CaseState.values else to_state,
            }
        )
    codename, validator = entry
    if not user_can_at(actor, f"cases.{codename}", locked.scope_path):
        raise PermissionDenied(str(STEP_REFUSED))
    if locked.version != expected_version:
        raise StaleCase(
            _(
                "Someone else updated this case while you were working on it. Reload the page, "
                "check what changed and enter your step again."
            )
        )
    cleaned = validator(locked, data)
    now = now or timezone.now()
    before = snapshot(locked, CASE_AUDIT_FIELDS)
    CaseTransition.objects.create(
        case=locked, from_state=from_state, to_state=to_state, by=actor, data=cleaned, note=note
    )
    locked.state = to_state
    if cleaned.get("risk_level") in RiskLevel.values:
        locked.risk_level = cleaned["risk_level"]
    if to_state == CaseState.INITIAL_ASSESSMENT:
        # Mẫu 02 decides: the 12-hour deadline applies only to a case concluded an emergency.
        locked.emergency_needed = cleaned["conclusion"] == "emergency"
    if to_state == CaseState.EMERGENCY:
        locked.intervened_at = now
        if cleaned.get("temporary_separation"):
            # Luật Trẻ em Đ.32: the separation runs from the decision for its number of days.
            locked.separation_started_at = now
            locked.separation_ends_at = now + dt.timedelta(days=cleaned["separation_days"])
    if to_state == CaseState.APPROVED:
        locked.approved_at = now
    if to_state == CaseState.PLANNING and from_state == CaseState.REVIEW:
        # A new plan after a review needs a new approval, due 5 working days from the review.
        locked.approved_at = None
        locked.plan_due_at = add_working_days(now, PLAN_WORKING_DAYS)
    if to_state == CaseState.CLOSED:
        locked.closed_at = now
    locked.version += 1
    locked.save()
    record(
        actor,
        AuditAction.UPDATE,
        locked,
        before=before,
        after=snapshot(locked, CASE_AUDIT_FIELDS),
        note=f"{from_state} → {to_state}",
    )
    if cleaned.get("confirmed_group"):
        _propose_group(actor, locked, cleaned["confirmed_group"])
    if to_state == CaseState.RETURNED:
        notifications.plan_returned(actor, locked)
    return locked


def record_view(actor, case: Case, *, report_only: bool = False) -> None:
    """Log that ``actor`` opened the case (every open of a case is an audit event)."""
    record(actor, AuditAction.VIEW, case, note="report only" if report_only else "")
    if not report_only:
        notifications.mark_opened(actor, case)


BREAK_GLASS_HOURS = 24


@transaction.atomic
def break_glass(
    actor, case: Case, reason: str, *, now: dt.datetime | None = None
) -> BreakGlassAccess:
    """Open a case the actor is not otherwise allowed to read, for 24 hours, giving a reason;
    audited as an emergency access and shown to the case's supervisors."""
    if not user_can_at(actor, "cases.break_glass_case", case.scope_path):
        raise PermissionDenied(_("You may not open this case."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": [_("Write why you need to open this case (at least 10 characters).")]}
        )
    now = now or timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case,
        user=actor,
        reason=reason,
        at=now,
        expires_at=now + dt.timedelta(hours=BREAK_GLASS_HOURS),
    )
    record(actor, AuditAction.BREAK_GLASS, case, note=reason)
    return access


def _commune_of(location: Location) -> Location | None:
    unit = location
    while unit is not None and unit.level != Level.COMMUNE:
        unit = unit.parent
    return unit


@transaction.atomic
def request_transfer(
    actor, case: Case, to_location: Location, note: str = "", *, now: dt.datetime | None = None
) -> CaseTransfer:
    """Ask another commune to take over a case when the child moves; audited under both."""
    if not user_can_at(actor, "cases.view_all_case", case.scope_path):
        raise PermissionDenied(_("You may not transfer this case."))
    if case.state == CaseState.CLOSED:
        raise ValidationError(_("A closed case cannot be transferred."))
    if to_location.level != Level.COMMUNE:
        raise ValidationError({"to_location": [_("Choose the commune the child moved to.")]})
    source = _commune_of(case.location)
    if source is not None and source.pk == to_location.pk:
        raise ValidationError(
            {"to_location": [_("The case is already in this commune: choose another one.")]}
        )
    if case.transfers.filter(status=TransferStatus.REQUESTED).exists():
        raise ValidationError(
            _("A transfer of this case is already waiting for an answer from the other commune.")
        )
    transfer = CaseTransfer.objects.create(
        case=case,
        from_location=case.location,
        to_location=to_location,
        requested_by=actor,
        requested_at=now or timezone.now(),
        note=(note or "").strip(),
    )
    after = {"case": case.pk, "from": case.location_id, "to": to_location.pk}
    record(actor, AuditAction.CREATE, transfer, after=after, location_path=case.scope_path)
    record(actor, AuditAction.CREATE, transfer, after=after, location_path=to_location.path)
    return transfer


def _pending_transfer(actor, transfer: CaseTransfer) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not user_can_at(actor, "cases.view_all_case", locked.to_path):
        raise PermissionDenied(_("Only the receiving commune may answer this transfer."))
    if locked.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer has already been answered."))
    return locked


@transaction.atomic
def accept_transfer(
    actor, transfer: CaseTransfer, note: str = "", *, now: dt.datetime | None = None
) -> Case:
    """The receiving commune takes the case: its area moves there and the old assignments end;
    audited under both communes."""
    locked = _pending_transfer(actor, transfer)
    now = now or timezone.now()
    case = Case.objects.select_for_update(of=("self",)).get(pk=locked.case_id)
    old_path = case.scope_path
    before = snapshot(case, CASE_AUDIT_FIELDS)
    for assignment in case.assignments.select_related("user"):
        record(
            actor,
            AuditAction.DELETE,
            assignment,
            before={"case": case.pk, "user": assignment.user_id, "role": assignment.role},
            location_path=old_path,
            note="transfer",
        )
    case.assignments.all().delete()
    case.location = locked.to_location
    case.version += 1
    case.save()
    locked.status = TransferStatus.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = now
    if note:
        locked.note = f"{locked.note}\n{note}".strip()
    locked.save()
    after = snapshot(case, CASE_AUDIT_FIELDS)
    for path in (old_path, case.scope_path):
        record(
            actor,
            AuditAction.UPDATE,
            case,
            before=before,
            after=after,
            location_path=path,
            note=f"transfer {locked.pk} accepted",
        )
    return case


@transaction.atomic
def decline_transfer(
    actor, transfer: CaseTransfer, note: str = "", *, now: dt.datetime | None = None
) -> CaseTransfer:
    """The receiving commune refuses the case; it stays where it is."""
    locked = _pending_transfer(actor, transfer)
    locked.status = TransferStatus.DECLINED
    locked.decided_by = actor
    locked.decided_at = now or timezone.now()
    if note:
        locked.note = f"{locked.note}\n{note}".strip()
    locked.save()
    for path in (locked.case.scope_path, locked.to_path):
        record(
            actor,
            AuditAction.UPDATE,
            locked,
            after={"status": locked.status},
            location_path=path,
            note="transfer declined",
        )
    return locked


def transfers_to_accept(user):
    """Pending transfers offered to a commune where ``user`` sees every case."""
    return CaseTransfer.objects.offered_to(user).select_related(
        "case", "case__report", "from_location", "to_location", "requested_by"
    )


def _propose_group(actor, case: Case, group_id: int) -> GroupProposal | None:
    """Propose the registry membership a case confirmed, when the case has a registry child."""
    from baovetreem.registry.models import GroupMembership

    if not case.child_id:
        return None
    open_membership = GroupMembership.objects.filter(
        child_id=case.child_id, group_id=group_id, end_date__isnull=True
    )
    pending = case.group_proposals.filter(group_id=group_id, status=ProposalStatus.PENDING)
    if open_membership.exists() or pending.exists():
        return None
    proposal = GroupProposal.objects.create(
        case=case, child_id=case.child_id, group_id=group_id, proposed_by=actor
    )
    record(actor, AuditAction.CREATE, proposal, after={"case": case.pk, "group": group_id})
    return proposal


@transaction.atomic
def decide_proposal(
    actor, proposal: GroupProposal, *, confirm: bool, now: dt.datetime | None = None
) -> GroupProposal:
    """A commune officer confirms (adding the registry membership) or dismisses a proposal."""
    from baovetreem.registry.services import add_membership

    locked = GroupProposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    if not user_can_at(actor, "cases.view_all_case", locked.case.scope_path):
        raise PermissionDenied(_("Only the commune officer may confirm a group."))
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    now = now or timezone.now()
    if confirm:
        add_membership(
            actor,
            locked.child,
            group=locked.group,
            start_date=timezone.localtime(now, VIETNAM).date(),
            source=_("Case %(code)s") % {"code": locked.case.code},
        )
    locked.status = ProposalStatus.CONFIRMED if confirm else ProposalStatus.DISMISSED
    locked.decided_by = actor
    locked.decided_at = now
    locked.save()
    record(actor, AuditAction.UPDATE, locked, after={"status": locked.status})
    return locked


# --- linking the case to a child of the register ----------------------------------------------


def _lock_for_child_change(actor, case: Case, expected_version: int) -> Case:
    """The case locked for a change of its child, or why it cannot change (same rules as steps:
    only who may work on it, not after closing, not from a stale page)."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("report").get(pk=case.pk)
    if not locked.may_work_on(actor):
        raise PermissionDenied(_("You may not change the child of this case."))
    if locked.state == CaseState.CLOSED:
        raise ValidationError(_("The case is closed: its child can no longer be changed."))
    if locked.version != expected_version:
        raise StaleCase(
            _(
                "Someone else updated this case while you were working on it. Reload the page, "
                "check what changed and try again."
            )
        )
    return locked


def _save_child_change(actor, locked: Case, child: Child | None, note: str) -> Case:
    before = snapshot(locked, CASE_AUDIT_FIELDS)
    report_before = locked.report.child_id
    locked.child = child
    locked.version += 1
    locked.save(update_fields=["child", "version", "updated_at"])
    # Only the link changes on the report: what the caller said about the child (name, date of
    # birth or age, sex) stays as it was received.
    locked.report.child = child
    locked.report.save(update_fields=["child"])
    record(
        actor,
        AuditAction.UPDATE,
        locked,
        before={**before, "report_child": report_before},
        after={**snapshot(locked, CASE_AUDIT_FIELDS), "report_child": locked.report.child_id},
        note=note,
    )
    return locked


# The notes of the audit rows of a link and an unlink: the case page's history reads them back.
CHILD_LINKED = "child linked"
CHILD_UNLINKED = "child unlinked"


@transaction.atomic
def link_child(actor, case: Case, child: Child, expected_version: int) -> Case:
    """Link a case received with a provisional child to the child of the register; audited.

    Any child the actor may see qualifies, also in another commune (the child may live
    elsewhere than where the harm happened). Groups the case already confirmed are proposed
    for the child's record, as they would have been had the child been linked at intake.
    """
    locked = _lock_for_child_change(actor, case, expected_version)
    if not Child.objects.restrict(actor, "view").filter(pk=child.pk).exists():
        raise ValidationError(
            {"child": [_("You cannot link this child: it is not in your register.")]}
        )
    if locked.child_id is not None or locked.report.child_id is not None:
        raise ValidationError(
            {
                "child": [
                    _(
                        "The case is already linked to a child of the register: undo that link "
                        "first if it is the wrong child."
                    )
                ]
            }
        )
    _save_child_change(actor, locked, child, CHILD_LINKED)
    confirmed = {
        step.data["confirmed_group"]
        for step in locked.transitions.all()
        if step.data.get("confirmed_group")
    }
    for group_id in sorted(confirmed):
        _propose_group(actor, locked, group_id)
    # Apps above cases catch up on what waited for the register child (referrals record the
    # supports of services completed before the link); same transaction, so all or nothing.
    child_linked.send(sender=Case, case=locked, child=child, actor=actor)
    return locked


@transaction.atomic
def unlink_child(actor, case: Case, expected_version: int) -> Case:
    """Undo a wrong link between a case and a child of the register; audited, and the groups
    still waiting to be confirmed for that child are dismissed."""
    locked = _lock_for_child_change(actor, case, expected_version)
    if locked.child_id is None and locked.report.child_id is None:
        raise ValidationError(_("The case is not linked to a child of the register."))
    now = timezone.now()
    for proposal in locked.group_proposals.filter(status=ProposalStatus.PENDING):
        proposal.status = ProposalStatus.DISMISSED
        proposal.decided_by = actor
        proposal.decided_at = now
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            actor, AuditAction.UPDATE, proposal, after={"status": proposal.status}, note="unlinked"
        )
    return _save_child_change(actor, locked, None, CHILD_UNLINKED)
