"""The cases of a child, as a panel of the child's page in the register.

The register sits below case management and never imports it: this provider is registered with
``baovetreem.core.panels`` in ``CasesConfig.ready``. It lists only the cases the user may open
(``Case.objects.visible_to``) and returns nothing at all otherwise, so a user who may not open
them does not learn that the child has cases.
"""

from __future__ import annotations

from django.http import HttpRequest

from baovetreem.audit.services import record_read
from baovetreem.cases.models import Case
from baovetreem.core.panels import Panel

# Without one of these rights no case is visible: no need to ask the database.
CASE_READ_PERMS = (
    "cases.view_case",
    "cases.view_all_case",
    "cases.view_received_report",
    "cases.break_glass_case",
)


def child_cases_panel(request: HttpRequest, child) -> Panel | None:
    """The child's cases ``request.user`` may open (number, category, state), newest first."""
    user = request.user
    if not any(user.has_perm(perm) for perm in CASE_READ_PERMS):
        return None
    cases = list(
        Case.objects.visible_to(user)
        .filter(child=child)
        .select_related("report")
        .order_by("-report__received_at", "-pk")
    )
    if not cases:
        return None
    record_read(user, Case, cases, filters={"child": child.pk}, note="child page")
    return Panel("cases/_child_cases.html", {"cases": cases})
