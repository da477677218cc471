"""What the lists show of a case's progress: its running deadlines with the time left ("còn 3 giờ
20 phút", "quá hạn 2 giờ"), who is assigned, and the worker's queue order (most urgent first).

The 12-hour emergency deadline is counted in calendar hours from receipt (NĐ 56/2017 Đ.26 k.3);
exactly at the deadline the case is still on time, as ``CaseQuerySet.overdue`` counts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import F, Prefetch, Q, Value, When
from django.utils.translation import gettext as _

from baovetreem.cases.models import AssignmentRole, Case, CaseAssignment

# The people assigned to each case of a list page, in one query for the page.
ASSIGNEES = Prefetch(
    "assignments",
    queryset=CaseAssignment.objects.select_related("user").order_by("role", "id"),
    to_attr="assignees",
)
# The queue: the emergency interventions still to make come first, by their deadline; then the
# plans waiting for approval, by theirs; then the rest.
_RUNS_EMERGENCY = Q(emergency_needed=True, intervened_at__isnull=True)
_RUNS_PLAN = Q(approved_at__isnull=True)
URGENT_FIRST = (
    When_(When(_RUNS_EMERGENCY, then=Value(0)), When(_RUNS_PLAN, then=Value(1)), default=Value(2)),
    When_(When(_RUNS_EMERGENCY, then=F("emergency_due_at")), default=F("plan_due_at")),
    "id",
)


@dataclass(frozen=True)
class TimeLeft:
    """The time left before a deadline (or past it), as words and as a flag."""

    text: str
    late: bool
    due: dt.datetime

    def __str__(self) -> str:
        return self.text


def _left(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)s h %(minutes)s min left") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)s h left") % {"hours": hours}
    if minutes:
        return _("%(minutes)s min left") % {"minutes": minutes}
    return _("due now")


def _late(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        # Past a day, the minutes no longer matter to whoever reads the list.
        if hours:
            return _("overdue by %(days)s d %(hours)s h") % {"days": days, "hours": hours}
        return _("overdue by %(days)s d") % {"days": days}
    if hours and minutes:
        return _("overdue by %(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("overdue by %(hours)s h") % {"hours": hours}
    return _("overdue by %(minutes)s min") % {"minutes": max(minutes, 1)}


def time_left(due: dt.datetime, now: dt.datetime) -> TimeLeft:
    """The time from ``now`` to ``due`` in whole minutes, or how late ``now`` is past it."""
    seconds = (due - now).total_seconds()
    if seconds >= 0:
        return TimeLeft(_left(int(seconds // 60)), late=False, due=due)
    return TimeLeft(_late(int(-seconds // 60)), late=True, due=due)


@dataclass(frozen=True)
class CaseDeadlines:
    """The deadlines of a case that still run, and who works on it, as a list row shows them."""

    emergency: TimeLeft | None
    plan: TimeLeft | None
    workers: list[str]


def case_deadlines(case: Case, now: dt.datetime) -> CaseDeadlines:
    """The running deadlines of ``case`` at ``now``: the 12-hour emergency intervention until it
    is made, the support plan until it is approved; none once the case is closed."""
    assignees = getattr(case, "assignees", None)
    if assignees is None:
        assignees = list(case.assignments.select_related("user"))
    return CaseDeadlines(
        emergency=time_left(case.emergency_due_at, now) if case.emergency_running else None,
        plan=time_left(case.plan_due_at, now) if case.plan_running else None,
        workers=[str(a.user) for a in assignees if a.role == AssignmentRole.WORKER],
    )
