"""Pages of export jobs: request an export, follow its progress, download the file.

Every page needs a signed-in user holding the exporter's permission; a job is reached only
through ``ExportJob.objects.for_user`` (its creator, or a superuser), anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from baovetreem.imports import export_jobs
from baovetreem.imports.exporting import (
    ExportRefused,
    UnknownExporter,
    get_exporter,
    registered_exporters,
)
from baovetreem.imports.models import ExportJob

JOBS_PER_PAGE = 25
# Request fields that are not the exporter's parameters.
NOT_PARAMS = {"csrfmiddlewaretoken", "page"}


def _exporter_for(user, key: str):
    try:
        exporter_cls = get_exporter(key)
    except UnknownExporter:
        raise Http404 from None
    if not exporter_cls.user_may_use(user):
        raise PermissionDenied
    return exporter_cls


def _job_for(request, pk: int) -> ExportJob:
    job = get_object_or_404(
        ExportJob.objects.for_user(request.user).select_related("created_by"), pk=pk
    )
    if job.exporter is None:
        raise Http404
    if not job.exporter.user_may_use(request.user):
        raise PermissionDenied
    return job


def _request_params(request):
    """The exporter's parameters: form fields, and query-string ones not sent as fields."""
    data = request.POST.copy()
    for key, values in request.GET.lists():
        if key not in data:
            data.setlist(key, values)
    for key in NOT_PARAMS:
        data.pop(key, None)
    return data


@login_required
@never_cache
def export_list(request):
    """The user's own exports, newest first, with their files while they are kept."""
    if not any(e.user_may_use(request.user) for e in registered_exporters()):
        raise PermissionDenied
    jobs = ExportJob.objects.for_user(request.user).select_related("created_by")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/export_list.html",
        {"page": page, "retention_hours": export_jobs.retention_hours()},
    )


@login_required
@require_POST
def export_create(request, exporter_key: str):
    """Request an export with the list's filters; the file is written in the background."""
    exporter_cls = _exporter_for(request.user, exporter_key)
    try:
        job = export_jobs.create_export(
            request.user,
            exporter_cls,
            _request_params(request),
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
    except ExportRefused as exc:
        messages.error(request, str(exc))
        return redirect("imports:export_list")
    return redirect("imports:export_detail", pk=job.pk)


@login_required
@never_cache
def export_detail(request, pk: int):
    """What the export holds, its progress, and the download button once the file is ready."""
    job = _job_for(request, pk)
    try:
        described = job.exporter().describe(request.user, job.params)
    except ExportRefused:
        described = None  # the filters are no longer valid for this user: say so
    return render(
        request,
        "imports/export_detail.html",
        {"job": job, "described": described, "retention_hours": export_jobs.retention_hours()},
    )


@login_required
@never_cache
def export_progress(request, pk: int):
    """The progress box alone, polled by htmx every 2 s while the file is being written."""
    job = _job_for(request, pk)
    return render(
        request,
        "imports/_export_progress.html",
        {"job": job, "retention_hours": export_jobs.retention_hours()},
    )


@login_required
@never_cache
def export_download(request, pk: int):
    """The exported file, streamed; each download is an audit event."""
    job = _job_for(request, pk)
    try:
        handle = export_jobs.open_export_file(job, request.user)
    except export_jobs.ExportUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("imports:export_detail", pk=job.pk)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export_jobs.download_filename(job),
        content_type=job.exporter.content_type,
    )
