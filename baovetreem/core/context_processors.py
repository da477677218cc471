"""Navigation by role: each entry shows only to users holding its permission."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from baovetreem.core.navigation import Badge, badge


class NavEntry(NamedTuple):
    url_name: str
    label: str | Promise
    perm: str | None
    badge: str | None = None  # key of the badge provider an app registers (core.navigation)


NAV_ITEMS = [
    NavEntry("core:home", _("Home"), None),
    NavEntry("registry:child_list", _("Children"), "registry.view_child"),
    NavEntry("registry:shared_ids", _("Shared ID numbers"), "registry.review_shared_id"),
    NavEntry("cases:list", _("Cases"), "cases.view_case", badge="cases"),
    NavEntry("referrals:providers", _("Services"), "referrals.view_serviceprovider"),
    NavEntry("hotline:console", _("Hotline"), "hotline.view_contact"),
    NavEntry("imports:list", _("Imports"), "registry.add_child"),
    NavEntry("locations:list", _("Areas"), "locations.view_location"),
    NavEntry("accounts:user_list", _("Users"), "accounts.view_user"),
    NavEntry("audit:list", _("Audit log"), "audit.view_auditevent"),
]


def _label(label, item_badge: Badge | None):
    if item_badge is None:
        return label
    return format_html(
        '{} <span class="badge off" title="{}">{}</span>',
        label,
        item_badge.title,
        item_badge.count,
    )


def navigation(request):
    """{"nav_items"}: the entries the user may open, each with its badge (None when nothing).

    Built only when a template reads it: an htmx partial, which has no menu, runs no badge
    counters and no permission checks for them.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": SimpleLazyObject(lambda: _nav_items(request, user))}


def _nav_items(request, user) -> list[dict]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for entry in NAV_ITEMS:
        if entry.perm is None or user.has_perm(entry.perm):
            namespace = entry.url_name.split(":")[0]
            # Asked only for entries the user sees: no query for anyone else.
            item_badge = badge(request, entry.badge)
            items.append(
                {
                    "url": reverse(entry.url_name),
                    "label": _label(entry.label, item_badge),
                    "active": current == entry.url_name
                    or (entry.url_name != "core:home" and current.startswith(namespace + ":")),
                    "badge": item_badge,
                }
            )
    return items
