"""Who hears about a case when something happens to it (thông báo): in-app alerts, and e-mail
when the user has an address and the server has a mail server configured.

A new report alerts the officers of its commune (the commune officer and the supervisor, who see
every case there); an assignment alerts the person assigned; a returned plan alerts the case's
workers; a report that nobody working on it opened within an hour of receipt is escalated once
to the commune's supervisors (``escalate_unopened_reports``, run by the deadline scan).

E-mails leave after the transaction commits (nothing is sent for a change that was rolled back)
and name the case by its number only: a child's name never travels by mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baovetreem.accounts.models import RoleAssignment, User
from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.cases.models import (
    Alert,
    AlertKind,
    AssignmentRole,
    Case,
    CaseAssignment,
    CaseState,
)
from baovetreem.core.calendar import VIETNAM
from baovetreem.locations.models import Level

logger = logging.getLogger(__name__)

UNOPENED_AFTER = dt.timedelta(hours=1)


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def commune_holders(case: Case, codename: str) -> set[int]:
    """Active users holding ``cases.<codename>`` on the commune of ``case`` (not above it:
    a province's staff are not alerted about every report of every commune)."""
    return set(
        RoleAssignment.objects.filter(
            user__is_active=True,
            role__is_active=True,
            role__permissions__content_type__app_label="cases",
            role__permissions__codename=codename,
            location__level=Level.COMMUNE,
            location__path__in=_prefixes(case.scope_path),
        ).values_list("user_id", flat=True)
    )


def _case_url(case_id: int) -> str:
    return f"{settings.SITE_URL}{reverse('cases:detail', args=[case_id])}"


def emails_enabled() -> bool:
    """Whether alerts also go by e-mail (the server has a mail server configured)."""
    return bool(getattr(settings, "CASE_ALERT_EMAILS", False))


def _send_emails(alert_ids: list[int]) -> None:
    """E-mail the alerts to their users with an address, in the site's language; a mail
    failure is logged, never raised: the alert stays in the app."""
    alerts = Alert.objects.filter(pk__in=alert_ids).select_related("user", "case")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for alert in alerts:
            if not alert.user.email:
                continue
            subject = _("Child protection: %(kind)s (case %(code)s)") % {
                "kind": alert.get_kind_display(),
                "code": alert.case.code,
            }
            body = "\n\n".join(
                [
                    alert.message,
                    _("Open the case: %(url)s") % {"url": _case_url(alert.case_id)},
                    _(
                        "This message names the case by its number only. Do not forward it: "
                        "information about children is confidential."
                    ),
                ]
            )
            messages.append(EmailMessage(subject, body, None, [alert.user.email]))
    if not messages:
        return
    try:
        get_connection().send_messages(messages)
    except Exception:  # the mail server is not ours to fix here; the alerts are in the app
        logger.exception("case alerts %s could not be e-mailed", alert_ids)


def notify(
    users: Iterable[int],
    case: Case,
    kind: str,
    message: str,
    *,
    now: dt.datetime | None = None,
) -> list[Alert]:
    """Alert each of ``users`` (ids) about ``case``, once while an alert of this kind is unread;
    e-mail them after the transaction commits. Returns the alerts created."""
    user_ids = set(users)
    if not user_ids:
        return []
    pending = set(
        Alert.objects.filter(
            case=case, kind=kind, user_id__in=user_ids, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    now = now or timezone.now()
    alerts = [
        Alert.objects.create(user_id=uid, case=case, kind=kind, message=message, created_at=now)
        for uid in sorted(user_ids - pending)
    ]
    if alerts and emails_enabled():
        ids = [alert.pk for alert in alerts]
        transaction.on_commit(lambda: _send_emails(ids))
    return alerts


def report_received(actor: User, case: Case) -> list[Alert]:
    """A new report reaches the officers of its commune (not the one who received it)."""
    officers = commune_holders(case, "view_all_case") - {actor.pk}
    message = _("Case %(code)s: a new report was received for %(place)s.") % {
        "code": case.code,
        "place": case.location.name,
    }
    return notify(officers, case, AlertKind.NEW_REPORT, message)


def case_assigned(actor: User, assignment: CaseAssignment) -> list[Alert]:
    """The person assigned to a case hears of it (unless they assigned themselves)."""
    if assignment.user_id == actor.pk:
        return []
    message = _("Case %(code)s: you were assigned as %(role)s.") % {
        "code": assignment.case.code,
        "role": assignment.get_role_display().lower(),
    }
    return notify([assignment.user_id], assignment.case, AlertKind.ASSIGNED, message)


def case_workers(case: Case) -> set[int]:
    """The active users assigned to ``case`` as its workers."""
    return set(
        case.assignments.filter(role=AssignmentRole.WORKER, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def supervisors(case: Case) -> set[int]:
    """Who supervises ``case``: its assigned supervisors and who approves plans in its commune."""
    assigned = case.assignments.filter(
        role=AssignmentRole.SUPERVISOR, user__is_active=True
    ).values_list("user_id", flat=True)
    return set(assigned) | commune_holders(case, "approve_case")


def plan_returned(actor: User, case: Case) -> list[Alert]:
    """The case's workers, and who recorded the plan, hear that it was sent back; the reason
    stays on the case page (an e-mail carries the case number only)."""
    drafted = (
        case.transitions.filter(to_state=CaseState.PLANNING)
        .order_by("-at", "-id")
        .values_list("by_id", flat=True)
        .first()
    )
    people = (case_workers(case) | ({drafted} if drafted else set())) - {actor.pk}
    message = _(
        "Case %(code)s: the support plan was sent back for revision. Read the reason on the "
        "case page and record the plan again before %(due)s."
    ) % {
        "code": case.code,
        "due": timezone.localtime(case.plan_due_at, VIETNAM).strftime("%d/%m/%Y"),
    }
    return notify(people, case, AlertKind.PLAN_RETURNED, message)


def mark_opened(actor: User, case: Case, *, now: dt.datetime | None = None) -> bool:
    """Note the first time someone who works on ``case`` opened it (the receiving hotline
    operator, who reads only the report, does not count); returns whether this was it."""
    if case.opened_at is not None or not case.may_work_on(actor):
        return False
    now = now or timezone.now()
    # Conditional: two first openings at once note one time, the earlier committed.
    done = Case.objects.filter(pk=case.pk, opened_at__isnull=True).update(opened_at=now)
    if done:
        case.opened_at = now
    return bool(done)


def escalate_unopened_reports(now: dt.datetime) -> int:
    """Escalate to the commune's supervisors every report still unopened an hour after receipt,
    once per report; returns how many reports were escalated."""
    candidates = Case.objects.filter(
        state=CaseState.RECEIVED,
        opened_at__isnull=True,
        escalated_at__isnull=True,
        report__received_at__lte=now - UNOPENED_AFTER,
    ).select_related("location", "report")
    escalated = 0
    for case in candidates.order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            # Claimed first: a concurrent scan that claimed it already escalates it, not this one.
            claimed = Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            record(
                None,
                AuditAction.UPDATE,
                case,
                after={"escalated_at": now},
                note="escalated: report not opened within an hour",
            )
            received = timezone.localtime(case.report.received_at, VIETNAM)
            message = _(
                "Case %(code)s: the report received at %(time)s for %(place)s has not been "
                "opened by anyone working on it for over an hour."
            ) % {
                "code": case.code,
                "time": received.strftime("%H:%M %d/%m/%Y"),
                "place": case.location.name,
            }
            notify(supervisors(case), case, AlertKind.REPORT_UNOPENED, message, now=now)
            escalated += 1
    return escalated
