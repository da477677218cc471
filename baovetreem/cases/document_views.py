"""Printing a case's forms (Mẫu 01-06) as Word documents: scoped like the case page, each print
audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.cases import documents
from baovetreem.cases.models import Case

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def case_document(request, pk: int, form: str):
    """One form of a case as .docx; the operator who received the report may print Mẫu 01 only."""
    if form not in documents.FORMS:
        raise Http404
    full = form not in documents.REPORT_ONLY_FORMS
    case = get_object_or_404(
        Case.objects.visible_to(request.user, full=full).select_related(
            "report", "report__child", "report__received_by", "location"
        ),
        pk=pk,
    )
    try:
        content = documents.build_document(case, form)
    except documents.FormNotAvailable as exc:
        raise Http404 from exc
    name = documents.filename(case, form)
    record(request.user, AuditAction.PRINT, case, note=f"Mẫu {form} ({name})")
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
