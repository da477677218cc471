"""The auditor's read-only view of the audit log, limited to their subtree."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from baovetreem.audit.filters import AuditFilterForm
from baovetreem.audit.models import AuditEvent


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.restrict(request.user, "view")
    if form.is_valid():
        events = form.apply(events)
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_detail(request, pk: int):
    event = get_object_or_404(AuditEvent.objects.restrict(request.user, "view"), pk=pk)
    return render(request, "audit/event_detail.html", {"event": event})
