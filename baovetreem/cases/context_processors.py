"""Counters of case management for the navigation: unread alerts and overdue visible cases.

Listed after ``baovetreem.core.context_processors.navigation`` in TEMPLATES, it returns the
navigation again with a badge on the Cases entry, and the two numbers for any template.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from baovetreem.cases.models import Alert, Case
from baovetreem.core.context_processors import navigation


def case_counters(request) -> dict:
    """{"case_alerts_unread", "case_overdue", "nav_items"} for users who work on cases."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("cases.view_case"):
        return {}
    alerts = Alert.objects.filter(user=user, read_at__isnull=True).count()
    overdue = Case.objects.visible_to(user).overdue(timezone.now()).count()
    context = {"case_alerts_unread": alerts, "case_overdue": overdue}
    if alerts or overdue:
        items = navigation(request)["nav_items"]
        cases_url = reverse("cases:list")
        for item in items:
            if item["url"] == cases_url:
                # Alerts first: they are addressed to this user; overdue counts the area.
                item["label"] = format_html(
                    '{} <span class="badge off" title="{}">{}</span>',
                    item["label"],
                    _("%(alerts)s unread alerts, %(overdue)s overdue cases")
                    % {"alerts": alerts, "overdue": overdue},
                    alerts or overdue,
                )
        context["nav_items"] = items
    return context
