"""The auditor's read-only view of the audit log, limited to their subtree. Reading the log is
itself audited: who looks at whose trail is part of the trail."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from baovetreem.audit.filters import AuditFilterForm
from baovetreem.audit.models import AuditEvent
from baovetreem.audit.reads import filters_of, read_one, read_page


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.restrict(request.user, "view")
    if form.is_valid():
        events = form.apply(events)
    page = read_page(
        request.user,
        events.order_by("-at", "-id"),
        request.GET.get("page"),
        per_page=50,
        paginator_class=Paginator,
        filters=filters_of(form),
    )
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_detail(request, pk: int):
    event = read_one(
        request.user,
        lambda: AuditEvent.objects.restrict(request.user, "view").filter(pk=pk).first(),
    )
    if event is None:
        raise Http404
    return render(request, "audit/event_detail.html", {"event": event})
