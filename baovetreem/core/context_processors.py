"""Navigation by role: each entry shows only to users holding its permission."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [
    ("core:home", _("Home"), None),
    ("registry:child_list", _("Children"), "registry.view_child"),
    ("cases:list", _("Cases"), "cases.view_case"),
    ("referrals:providers", _("Services"), "referrals.view_serviceprovider"),
    ("hotline:console", _("Hotline"), "hotline.view_contact"),
    ("imports:list", _("Imports"), "registry.add_child"),
    ("locations:list", _("Areas"), "locations.view_location"),
    ("accounts:user_list", _("Users"), "accounts.view_user"),
    ("audit:list", _("Audit log"), "audit.view_auditevent"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for name, label, perm in NAV_ITEMS:
        if perm is None or user.has_perm(perm):
            namespace = name.split(":")[0]
            items.append(
                {
                    "url": reverse(name),
                    "label": label,
                    "active": current == name
                    or (name != "core:home" and current.startswith(namespace + ":")),
                }
            )
    return {"nav_items": items}
