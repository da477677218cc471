"""What case management adds to the shell: the badge of the Cases menu entry and the home-page
cards (open, overdue, emergency interventions due soon, unread alerts).

Registered with ``baovetreem.core.navigation`` in ``CasesConfig.ready``. Each count is taken at
most once per request: the home page and the menu badge share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.db.models import Case as DbCase
from django.db.models import Count, F, Q, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.cases.models import Alert, Case, emergency_due_soon_q
from baovetreem.cases.progress import time_left
from baovetreem.core.navigation import Badge, HomeCard, HomeCardItem

T = TypeVar("T")


def _works_on_cases(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("cases.view_case"))


def _count(request: HttpRequest, name: str, query: Callable[[], T]) -> T:
    # Kept on the request: the home view counts first, the menu built afterwards reuses them.
    counts = request.__dict__.setdefault("_case_counts", {})
    if name not in counts:
        counts[name] = query()
    return counts[name]


def _now(request: HttpRequest) -> dt.datetime:
    # One instant per request, so that the badge and the cards agree.
    return request.__dict__.setdefault("_case_counts_now", timezone.now())


def unread_alerts(request: HttpRequest) -> int:
    """Alerts addressed to the user that they have not read."""
    user = request.user
    return _count(
        request,
        "alerts",
        lambda: Alert.objects.filter(user=user, read_at__isnull=True).count(),
    )


def overdue_cases(request: HttpRequest) -> int:
    """Open cases the user may open that are past a legal deadline."""
    now = _now(request)
    return _count(
        request,
        "overdue",
        lambda: Case.objects.visible_to(request.user).overdue(now).count(),
    )


def _open_counts(request: HttpRequest) -> dict[str, int]:
    # Both counts in one query over the user's open cases; the list filters by the same rule.
    due_soon = emergency_due_soon_q(_now(request))
    return _count(
        request,
        "open",
        lambda: (
            Case.objects.visible_to(request.user)
            .open()
            .aggregate(open=Count("pk"), emergency_soon=Count("pk", filter=due_soon))
        ),
    )


def open_cases(request: HttpRequest) -> int:
    """Cases the user may open that are not closed."""
    return _open_counts(request)["open"]


def emergencies_due_soon(request: HttpRequest) -> int:
    """Open cases needing an emergency intervention not yet made, due within 12 hours."""
    return _open_counts(request)["emergency_soon"]


HOME_ITEMS = 5  # the most urgent cases a card lists; its link opens them all
ITEM_FIELDS = ("pk", "code", "emergency_needed", "intervened_at", "emergency_due_at", "plan_due_at")


def _item(row: dict, due: dt.datetime, now: dt.datetime, prefix: str = "") -> HomeCardItem:
    left = time_left(due, now)
    return HomeCardItem(
        label=row["code"],
        url=reverse("cases:detail", args=[row["pk"]]),
        detail=f"{prefix}{left}",
        warn=left.late,
    )


def _emergency_items(request: HttpRequest) -> tuple[HomeCardItem, ...]:
    """The emergency interventions due soonest, with the time left (whole-file readers only:
    whether an intervention was made is part of the case's progress)."""
    now = _now(request)
    rows = (
        Case.objects.visible_to(request.user, full=True)
        .emergency_due_soon(now)
        .order_by("emergency_due_at", "pk")
        .values(*ITEM_FIELDS)[:HOME_ITEMS]
    )
    return tuple(_item(row, row["emergency_due_at"], now) for row in rows)


def _overdue_items(request: HttpRequest) -> tuple[HomeCardItem, ...]:
    """The overdue cases, late emergency interventions first, each with how late it is."""
    now = _now(request)
    late = Q(emergency_needed=True, intervened_at__isnull=True, emergency_due_at__lt=now)
    rows = (
        Case.objects.visible_to(request.user, full=True)
        .overdue(now)
        .annotate(
            late_emergency=DbCase(When(late, then=Value(True)), default=Value(False)),
            late_since=DbCase(When(late, then=F("emergency_due_at")), default=F("plan_due_at")),
        )
        .order_by("-late_emergency", "late_since", "pk")
        .values(*ITEM_FIELDS, "late_emergency", "late_since")[:HOME_ITEMS]
    )
    return tuple(
        _item(
            row,
            row["late_since"],
            now,
            _("emergency: ") if row["late_emergency"] else _("support plan: "),
        )
        for row in rows
    )


def cases_badge(request: HttpRequest) -> Badge | None:
    """The Cases menu badge: unread alerts first (addressed to the user), else overdue cases."""
    if not _works_on_cases(request):
        return None
    alerts, overdue = unread_alerts(request), overdue_cases(request)
    if not (alerts or overdue):
        return None
    title = _("%(alerts)s unread alerts, %(overdue)s overdue cases") % {
        "alerts": alerts,
        "overdue": overdue,
    }
    return Badge(count=alerts or overdue, title=title)


def cases_home_cards(request: HttpRequest) -> list[HomeCard]:
    """The officer's work waiting, most urgent first; nothing for users without case rights."""
    if not _works_on_cases(request):
        return []
    # Each card opens the list of exactly the cases it counts (the filters of ``CaseFilterForm``).
    cases_url = reverse("cases:list")
    overdue = overdue_cases(request)
    soon = emergencies_due_soon(request)
    alerts = unread_alerts(request)
    return [
        HomeCard(
            label=_("Overdue cases in your area"),
            count=overdue,
            url=reverse("cases:overdue"),
            link_text=_("Open the overdue list"),
            warn=bool(overdue),
            items=_overdue_items(request) if overdue else (),
        ),
        HomeCard(
            label=_("Emergency interventions due within 12 hours"),
            count=soon,
            url=f"{cases_url}?emergency_soon=1",
            link_text=_("Open the case list"),
            warn=bool(soon),
            items=_emergency_items(request) if soon else (),
        ),
        HomeCard(
            label=_("Alerts for you"),
            count=alerts,
            url=reverse("cases:alerts"),
            link_text=_("Open the alerts"),
            warn=bool(alerts),
        ),
        HomeCard(
            label=_("Open cases"),
            count=open_cases(request),
            url=f"{cases_url}?open=1",
            link_text=_("Open the case list"),
        ),
    ]
