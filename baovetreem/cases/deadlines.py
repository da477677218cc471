"""The deadline scan (rà soát thời hạn): in-app alerts to the people responsible for a case.

``scan_deadlines`` runs every few minutes (``manage.py scan_case_deadlines`` from cron or the
task worker). It raises one alert per person, case and kind of deadline: an alert raised after
a deadline passed is not raised again for that deadline, read or not, so reading an alert does
not bring it back five minutes later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.accounts.models import RoleAssignment
from baovetreem.cases.models import Alert, AlertKind, Case, CaseAssignment, CaseState
from baovetreem.core.calendar import VIETNAM
from baovetreem.locations.models import Level

SEPARATION_WARNING = dt.timedelta(days=2)
REVIEW_WARNING = dt.timedelta(days=2)
CHUNK = 2000


def _commune_officers() -> dict[str, set[int]]:
    """Commune path → users holding ``cases.view_all_case`` on that commune (supervisors,
    commune officers): they answer for every case of the commune."""
    rows = RoleAssignment.objects.filter(
        user__is_active=True,
        role__is_active=True,
        role__permissions__content_type__app_label="cases",
        role__permissions__codename="view_all_case",
        location__level=Level.COMMUNE,
    ).values_list("location__path", "user_id")
    officers: dict[str, set[int]] = defaultdict(set)
    for path, user_id in rows:
        officers[path].add(user_id)
    return officers


def _prefixes(path: str) -> Iterable[str]:
    parts = path.strip("/").split("/")
    for i in range(len(parts)):
        yield "/" + "/".join(parts[: i + 1]) + "/"


def _message(kind: str, code: str, due: dt.datetime) -> str:
    when = timezone.localtime(due, VIETNAM).strftime("%d/%m/%Y %H:%M")
    texts = {
        AlertKind.EMERGENCY_OVERDUE: _(
            "Case %(code)s: the emergency intervention was due by %(due)s."
        ),
        AlertKind.PLAN_OVERDUE: _("Case %(code)s: the support plan was due by %(due)s."),
        AlertKind.SEPARATION_ENDING: _(
            "Case %(code)s: the temporary separation ends on %(due)s. Decide what comes next."
        ),
        AlertKind.REVIEW_DUE: _("Case %(code)s: the review is due on %(due)s."),
    }
    return texts[kind] % {"code": code, "due": when}


def _due_items(now: dt.datetime) -> Iterable[tuple[int, str, str, str, dt.datetime, dt.datetime]]:
    """(case id, code, scope path, kind, deadline, since) for every deadline needing an alert;
    ``since`` is when the alert became due (an older alert does not count)."""
    fields = (
        "id",
        "code",
        "scope_path",
        "emergency_needed",
        "intervened_at",
        "emergency_due_at",
        "approved_at",
        "plan_due_at",
    )
    overdue = Case.objects.overdue(now).order_by().values_list(*fields)
    for pk, code, path, needed, intervened, e_due, approved, p_due in overdue.iterator(CHUNK):
        if needed and intervened is None and e_due < now:
            yield pk, code, path, AlertKind.EMERGENCY_OVERDUE, e_due, e_due
        if approved is None and p_due < now:
            yield pk, code, path, AlertKind.PLAN_OVERDUE, p_due, p_due
    ending = (
        Case.objects.open()
        .filter(separation_ends_at__gt=now, separation_ends_at__lte=now + SEPARATION_WARNING)
        .order_by()
        .values_list("id", "code", "scope_path", "separation_ends_at")
    )
    for pk, code, path, ends in ending.iterator(CHUNK):
        yield pk, code, path, AlertKind.SEPARATION_ENDING, ends, ends - SEPARATION_WARNING
    yield from _reviews_due(now)


def _reviews_due(now: dt.datetime):
    """Cases being implemented whose plan (Mẫu 04) set a review date within two days."""
    from baovetreem.cases.models import CaseTransition

    plans = (
        CaseTransition.objects.filter(
            case__state=CaseState.IMPLEMENTING, to_state=CaseState.PLANNING
        )
        .order_by("case_id", "at", "id")
        .values_list("case_id", "case__code", "case__scope_path", "data")
    )
    latest: dict[int, tuple[str, str, dict]] = {}
    for case_id, code, path, data in plans.iterator(CHUNK):
        latest[case_id] = (code, path, data)  # ordered: the last plan wins
    for case_id, (code, path, data) in latest.items():
        review_on = (data or {}).get("review_on")
        if not review_on:
            continue
        day = dt.date.fromisoformat(review_on)
        due = dt.datetime.combine(day, dt.time(8, 0), tzinfo=VIETNAM)
        if due - REVIEW_WARNING <= now:
            yield case_id, code, path, AlertKind.REVIEW_DUE, due, due - REVIEW_WARNING


def scan_deadlines(now: dt.datetime | None = None) -> int:
    """Raise the alerts due at ``now`` (overdue cases, separations ending, reviews due) to the
    assigned workers and the commune's officers, once each; returns how many were raised."""
    now = now or timezone.now()
    officers = _commune_officers()
    created = 0
    batch: list[tuple[int, str, str, str, dt.datetime, dt.datetime]] = []
    for item in _due_items(now):
        batch.append(item)
        if len(batch) >= CHUNK:
            created += _raise(batch, officers, now)
            batch = []
    if batch:
        created += _raise(batch, officers, now)
    return created


def _raise(batch, officers: dict[str, set[int]], now: dt.datetime) -> int:
    case_ids = {item[0] for item in batch}
    assigned: dict[int, set[int]] = defaultdict(set)
    for case_id, user_id in CaseAssignment.objects.filter(
        case_id__in=case_ids, user__is_active=True
    ).values_list("case_id", "user_id"):
        assigned[case_id].add(user_id)
    existing: dict[tuple[int, int, str], list[tuple[dt.datetime, bool]]] = defaultdict(list)
    for user_id, case_id, kind, created_at, read_at in Alert.objects.filter(
        case_id__in=case_ids
    ).values_list("user_id", "case_id", "kind", "created_at", "read_at"):
        existing[(user_id, case_id, kind)].append((created_at, read_at is None))
    alerts = []
    for case_id, code, path, kind, due, since in batch:
        people = set(assigned[case_id])
        for prefix in _prefixes(path):
            people |= officers.get(prefix, set())
        for user_id in people:
            earlier = existing[(user_id, case_id, kind)]
            if any(unread or created_at >= since for created_at, unread in earlier):
                continue
            alerts.append(
                Alert(
                    user_id=user_id,
                    case_id=case_id,
                    kind=kind,
                    message=_message(kind, code, due),
                    created_at=now,
                )
            )
    # A concurrent scan may have raised the same unread alert: the unique constraint skips it.
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    return len(alerts)


def unread_alerts(user) -> int:
    """How many alerts ``user`` has not read."""
    return Alert.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | None = None, *, now: dt.datetime | None = None) -> int:
    """Mark the user's alerts read (all, or those of ``ids``); returns how many."""
    alerts = Alert.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        alerts = alerts.filter(Q(pk__in=list(ids)))
    return alerts.update(read_at=now or timezone.now())
