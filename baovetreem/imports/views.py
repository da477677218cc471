"""Pages of the import pipeline: upload, match columns, preview, follow progress, get errors.

Every page needs a signed-in user holding the importer's permission; a job is reached only
through ``ImportJob.objects.for_user`` (its creator, or a superuser), anyone else gets 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from baovetreem.audit.reads import area_of, read_found, read_page
from baovetreem.core import tabular
from baovetreem.core.tabular import TableError
from baovetreem.imports import services
from baovetreem.imports.base import (
    DuplicateChoice,
    UnknownImporter,
    get_importer,
    registered_importers,
)
from baovetreem.imports.exporting import registered_exporters
from baovetreem.imports.forms import HeaderRowForm, MappingForm, StartForm, UploadForm
from baovetreem.imports.models import ImportJob, ImportMode, ImportRowError, ImportStatus
from baovetreem.imports.reading import too_big_message

logger = logging.getLogger(__name__)

JOBS_PER_PAGE = 25
PROBLEMS_PER_PAGE = 50
# Room for the form's other fields and the multipart boundaries around the file.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def _importer_for(user, key: str):
    try:
        importer_cls = get_importer(key)
    except UnknownImporter:
        raise Http404 from None
    if not importer_cls.user_may_use(user):
        raise PermissionDenied
    return importer_cls


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.for_user(request.user).select_related("created_by"), pk=pk
    )
    if job.importer is None:
        raise Http404
    if not job.importer.user_may_use(request.user):
        raise PermissionDenied
    return job


@login_required
def job_list(request):
    """The user's own imports, newest first, and the imports they may start."""
    jobs = ImportJob.objects.for_user(request.user).select_related("created_by")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    importers = [i for i in registered_importers() if i.user_may_use(request.user)]
    may_export = any(e.user_may_use(request.user) for e in registered_exporters())
    return render(
        request,
        "imports/job_list.html",
        {"page": page, "importers": importers, "may_export": may_export},
    )


class _SizeLimitHandler(FileUploadHandler):
    """Drops an uploaded file as soon as it passes the limit, before it is kept anywhere."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_big = False
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > tabular.MAX_UPLOAD_BYTES:
            self.too_big = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # checked by csrf_protect below, once the size guard is in place
@login_required
def job_create(request, importer_key: str):
    """Upload a file for an importer; refuses oversized files without reading them whole."""
    importer_cls = _importer_for(request.user, importer_key)
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > tabular.MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES:
            # Answer before reading the body at all.
            form = UploadForm(data={"mode": ImportMode.VALID_ROWS}, files={}, too_big=True)
            return _upload_page(request, importer_cls, form, status=413)
        guard = _SizeLimitHandler(request)
        request.upload_handlers.insert(0, guard)
        return _job_create_checked(request, importer_cls, guard)
    return _upload_page(request, importer_cls, UploadForm())


@csrf_protect
def _job_create_checked(request, importer_cls, guard: _SizeLimitHandler):
    form = UploadForm(request.POST, request.FILES, too_big=guard.too_big)
    if form.is_valid():
        try:
            job = services.create_job(
                request.user,
                importer_cls,
                form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except TableError as exc:
            form.add_error("file", str(exc))
        else:
            # The worker reads the file; its status page follows it (at once when it is done).
            if job.status == ImportStatus.UPLOADED:
                return redirect("imports:mapping", pk=job.pk)
            if job.status == ImportStatus.MAPPED:
                return redirect("imports:preview", pk=job.pk)
            return redirect("imports:detail", pk=job.pk)
    return _upload_page(request, importer_cls, form)


def _upload_page(request, importer_cls, form, status: int = 200):
    return render(
        request,
        "imports/job_create.html",
        {
            "importer": importer_cls,
            "form": form,
            "limit_mb": tabular.MAX_UPLOAD_BYTES // (1024 * 1024),
            "max_bytes": tabular.MAX_UPLOAD_BYTES,
            "too_big_message": too_big_message(),
        },
        status=status,
    )


@login_required
def job_mapping(request, pk: int):
    """Choose the header row and match each expected column to a column of the file."""
    job = _job_for(request, pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.MAPPED):
        return redirect("imports:detail", pk=job.pk)
    try:
        rows = services.read_head(job)
    except (services.ImportStopped, TableError) as exc:
        messages.error(request, str(exc))
        return redirect("imports:list")
    columns = job.importer.columns
    chooser = HeaderRowForm(request.GET or None, rows=rows)
    header_row = job.header_row or 1
    mapping = job.column_mapping
    if chooser.is_bound and chooser.is_valid():
        header_row = chooser.cleaned_data["header_row"]
        mapping = services.guess_mapping(rows, header_row, columns)
    else:
        chooser = HeaderRowForm(initial={"header_row": header_row}, rows=rows)
    form = MappingForm(
        request.POST or None,
        columns=columns,
        rows=rows,
        header_row=header_row,
        initial_mapping=mapping,
    )
    if request.method == "POST" and form.is_valid():
        services.save_mapping(
            job,
            request.user,
            header_row=form.cleaned_data["header_row"],
            mapping=form.mapping(),
            rows=rows,
        )
        return redirect("imports:preview", pk=job.pk)
    return render(
        request,
        "imports/job_mapping.html",
        {
            "job": job,
            "chooser": chooser,
            "form": form,
            "rows": services.sample_table(rows),
            "header_row": header_row,
        },
    )


@login_required
def job_preview(request, pk: int):
    """The first rows checked as the import will check them, and the start button."""
    job = _job_for(request, pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("imports:mapping", pk=job.pk)
    if job.status != ImportStatus.MAPPED:
        return redirect("imports:detail", pk=job.pk)
    preview_failed = False
    try:
        rows = services.preview_rows(job, request.user)
    except (services.ImportStopped, TableError) as exc:
        messages.error(request, str(exc))
        return redirect("imports:list")
    except Exception:
        # An importer bug must not cost the user their upload: say so, keep the page.
        logger.exception("Preview of import job %s failed", job.pk)
        rows, preview_failed = [], True
    return render(
        request,
        "imports/job_preview.html",
        {
            "job": job,
            "rows": rows,
            "columns": job.importer.columns,
            "mapping": services.mapping_summary(job),
            "form": StartForm(initial={"mode": job.mode, "duplicates": job.duplicate_default}),
            "duplicate_choices": DuplicateChoice.choices,
            "finds_matches": job.importer.finds_matches,
            "preview_size": services.PREVIEW_ROWS,
            "preview_failed": preview_failed,
            "show_other": any(row.other_errors or row.other_warnings for row in rows),
        },
    )


@login_required
@require_POST
def job_start(request, pk: int):
    """Queue the job for the background worker."""
    job = _job_for(request, pk)
    form = StartForm(request.POST)
    valid = form.is_valid()
    mode = (form.cleaned_data["mode"] if valid else "") or job.mode
    try:
        services.start_job(
            job,
            request.user,
            mode,
            duplicate_default=(form.cleaned_data["duplicates"] if valid else "") or None,
            duplicate_choices=form.row_choices(),
        )
    except services.AlreadyStarted as exc:
        messages.warning(request, str(exc))
    except services.ImportStopped as exc:
        messages.error(request, str(exc))
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_POST
def job_discard(request, pk: int):
    """Throw away a job that was never started, with its file."""
    job = _job_for(request, pk)
    try:
        services.discard_job(job, request.user)
    except services.ImportStopped as exc:
        messages.error(request, str(exc))
        return redirect("imports:detail", pk=job.pk)
    messages.success(request, _("The uploaded file was discarded."))
    return redirect("imports:list")


@login_required
@never_cache
def job_detail(request, pk: int):
    """Progress, outcome and the paginated list of row problems."""
    job = _job_for(request, pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("imports:mapping", pk=job.pk)
    if job.status == ImportStatus.MAPPED:
        return redirect("imports:preview", pk=job.pk)
    # The problems quote the file's cells (names, dates, ID numbers): a list read.
    problems = read_page(
        request.user,
        job.row_errors.all(),
        request.GET.get("page"),
        per_page=PROBLEMS_PER_PAGE,
        paginator_class=Paginator,
        filters={"job": job.pk},
        location_path=area_of(request.user, job.importer.permission),
    )
    return render(request, "imports/job_detail.html", {"job": job, "page": problems})


@login_required
@never_cache
def job_progress(request, pk: int):
    """The progress box alone, polled by htmx every 2 s while the job runs."""
    job = _job_for(request, pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.is_running and getattr(request, "htmx", False):
        # Reload the whole page once, so the outcome and the problems list appear (or, once
        # the file is read, the column matching or the preview).
        response["HX-Refresh"] = "true"
    return response


@login_required
def job_errors_download(request, pk: int):
    """The job's row problems as an .xlsx file; a read of every problem, recorded as one."""
    job = _job_for(request, pk)
    handle = read_found(
        request.user,
        lambda: services.errors_workbook(job),
        model=ImportRowError,
        filters={"job": job.pk},
        shown=lambda _file: job.row_errors.order_by("row_number", "id").values_list(
            "pk", flat=True
        ),
        location_path=area_of(request.user, job.importer.permission),
        note="errors file",
        limit=None,
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"loi-nhap-{job.pk}.xlsx",
        content_type=services.XLSX_CONTENT_TYPE,
    )


@login_required
def template_download(request, importer_key: str):
    """The importer's template: our headings in bold and synthetic example rows."""
    importer_cls = _importer_for(request.user, importer_key)
    content = services.template_workbook(importer_cls, request.user)
    response = HttpResponse(content, content_type=services.XLSX_CONTENT_TYPE)
    safe_key = "".join(ch if ch.isalnum() else "-" for ch in importer_cls.key)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{safe_key}.xlsx"'
    return response
