"""Import jobs (lượt nhập dữ liệu) and the problems found in their rows."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baovetreem.imports.base import DuplicateChoice, UnknownImporter, get_importer
from baovetreem.imports.exporting import UnknownExporter, get_exporter


class ImportMode(models.TextChoices):
    VALID_ROWS = "valid_rows", _("Store every valid row and list the bad ones")
    ALL_OR_NOTHING = "all_or_nothing", _("Store nothing unless every row is valid")


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    UPLOADED = "uploaded", _("Uploaded: columns to match")
    MAPPED = "mapped", _("Ready to start")
    VALIDATING = "validating", _("Checking rows")
    VALIDATED = "validated", _("Checked")
    STORING = "storing", _("Storing rows")
    DONE = "done", _("Finished")
    REJECTED = "rejected", _("Rejected: nothing stored")
    FAILED = "failed", _("Stopped by an error")


RUNNING_STATUSES = (
    ImportStatus.READING,
    ImportStatus.VALIDATING,
    ImportStatus.VALIDATED,
    ImportStatus.STORING,
)
FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)
SETUP_STATUSES = (ImportStatus.UPLOADED, ImportStatus.MAPPED)
STALLED_AFTER = dt.timedelta(minutes=10)
STALLED_AFTER_ALL_OR_NOTHING = dt.timedelta(hours=1)


def import_upload_path(instance: ImportJob, filename: str) -> str:
    """A random stored name: the user's file name may hold personal data or odd characters."""
    extension = filename[filename.rfind(".") :].lower() if "." in filename else ""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ImportJobQuerySet:
        """Jobs ``user`` may see: only their own (every job for superusers)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """One uploaded file going through the import pipeline (lượt nhập dữ liệu từ tệp).

    The uploaded file lives in the private default storage (never served directly) until the
    job finishes; counters and the short message are what the progress page shows.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Bumped with every progress write: a running job that stops moving means a stopped worker.
    updated_at = models.DateTimeField(_("last progress"), default=timezone.now)
    importer_key = models.CharField(_("import type"), max_length=100)
    original_filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_upload_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    mode = models.CharField(
        _("mode"), max_length=20, choices=ImportMode.choices, default=ImportMode.VALID_ROWS
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.UPLOADED,
        db_index=True,
    )
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    header_cells = models.JSONField(_("header cells"), default=list, blank=True)
    # Our column key → 0-based position of the column in the file.
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The first rows as the worker read them (reading.rows_to_sample): the header search and
    # the preview use them, so no page parses the file. Dropped with the file at the end.
    sample_rows = models.JSONField(_("first rows"), default=list, blank=True)
    # The uploader's language: messages written by the worker are in that language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # What to do with rows matching records already stored: for all, and by row number.
    duplicate_default = models.CharField(
        _("rows already stored"),
        max_length=10,
        choices=DuplicateChoice.choices,
        default=DuplicateChoice.SKIP,
    )
    duplicate_choices = models.JSONField(_("choices by row"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    stored_rows = models.PositiveIntegerField(_("rows stored"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_job_by_user")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_filename}"

    @property
    def importer(self):
        """The importer class of this job, or None when it is no longer registered."""
        try:
            return get_importer(self.importer_key)
        except UnknownImporter:
            return None

    @property
    def importer_label(self) -> str:
        importer = self.importer
        return str(importer.label) if importer else self.importer_key

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_waiting_for_worker(self) -> bool:
        return (
            self.status in (ImportStatus.READING, ImportStatus.VALIDATING)
            and self.started_at is None
        )

    @property
    def is_stalled(self) -> bool:
        """Running, but no progress written for a while: the worker may be down."""
        if not self.is_running:
            return False
        limit = STALLED_AFTER
        if self.status == ImportStatus.STORING and self.mode == ImportMode.ALL_OR_NOTHING:
            # One long transaction writes no progress until it commits.
            limit = STALLED_AFTER_ALL_OR_NOTHING
        return timezone.now() - self.updated_at > limit

    @property
    def progress_percent(self) -> int:
        """How far the current phase is, 0–100 (checking rows, then storing them)."""
        if self.is_finished:
            return 100
        if self.status == ImportStatus.STORING:
            done, total = self.stored_rows, self.valid_rows
        else:
            done, total = self.processed_rows, self.total_rows
        if total <= 0:
            return 0
        return min(99, done * 100 // total)

    def audit_location_path(self) -> str:
        """Jobs are filed under their creator's area, so the area's auditors see them."""
        return self.created_by.audit_location_path() if self.created_by_id else ""


class RowProblemKind(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class ImportRowError(models.Model):
    """A problem found in one row of an import file (lỗi dòng), error or warning."""

    job = models.ForeignKey(
        ImportJob, verbose_name=_("import job"), on_delete=models.CASCADE, related_name="row_errors"
    )
    row_number = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=255, blank=True)
    message = models.TextField(_("message"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=RowProblemKind.choices, default=RowProblemKind.ERROR
    )

    class Meta:
        verbose_name = _("row problem")
        verbose_name_plural = _("row problems")
        ordering = ["row_number", "id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["job", "row_number"], name="import_row_error_job_row")]

    def __str__(self) -> str:
        return f"{self.row_number} {self.column}: {self.message}"


@receiver(post_delete, sender=ImportJob)
def _delete_uploaded_file(sender, instance: ImportJob, **kwargs) -> None:
    """A deleted job takes its uploaded file (children's personal data) with it."""
    if instance.file:
        instance.file.delete(save=False)


# -- exports ---------------------------------------------------------------------------------


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Writing the file")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Stopped by an error")


EXPORT_FINISHED_STATUSES = (ExportStatus.DONE, ExportStatus.FAILED)
DEFAULT_EXPORT_RETENTION_HOURS = 24


def export_retention() -> dt.timedelta:
    """How long an exported file is kept after it was written (EXPORT_RETENTION_HOURS)."""
    hours = getattr(settings, "EXPORT_RETENTION_HOURS", DEFAULT_EXPORT_RETENTION_HOURS)
    return dt.timedelta(hours=max(int(hours), 0))


def export_file_path(instance: ExportJob, filename: str) -> str:
    """A random stored name: the download gets its readable name from the exporter."""
    extension = filename[filename.rfind(".") :].lower() if "." in filename else ""
    return f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ExportJobQuerySet:
        """Jobs ``user`` may see: only their own (every job for superusers)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(created_by=user)


class ExportJob(models.Model):
    """One export of records to a file, written in the background (lượt xuất dữ liệu ra tệp).

    ``params`` are the exporter's JSON-safe parameters (the list filters); the file lives in
    the private default storage (never served directly) and is deleted after the retention
    period (``EXPORT_RETENTION_HOURS``), while the job and its audit rows remain.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Bumped with every progress write: a running job that stops moving means a stopped worker.
    updated_at = models.DateTimeField(_("last progress"), default=timezone.now)
    exporter_key = models.CharField(_("export type"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExportStatus.choices,
        default=ExportStatus.QUEUED,
        db_index=True,
    )
    # The requester's language: messages written by the worker are in that language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_file_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="export_job_by_user"),
            models.Index(fields=["finished_at"], name="export_job_finished"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exporter_key}"

    @property
    def exporter(self):
        """The exporter class of this job, or None when it is no longer registered."""
        try:
            return get_exporter(self.exporter_key)
        except UnknownExporter:
            return None

    @property
    def exporter_label(self) -> str:
        exporter = self.exporter
        return str(exporter.label) if exporter else self.exporter_key

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def is_finished(self) -> bool:
        return self.status in EXPORT_FINISHED_STATUSES

    @property
    def is_waiting_for_worker(self) -> bool:
        return self.status == ExportStatus.QUEUED

    @property
    def is_stalled(self) -> bool:
        """Waiting or running, but no progress written for a while: the worker may be down."""
        return self.is_running and timezone.now() - self.updated_at > STALLED_AFTER

    @property
    def expires_at(self) -> dt.datetime | None:
        """When the file is deleted (personal data leaves no copy lying around)."""
        if self.status != ExportStatus.DONE or self.finished_at is None:
            return None
        return self.finished_at + export_retention()

    @property
    def is_expired(self) -> bool:
        """Finished, but its file was deleted (or is past its retention period)."""
        if self.status != ExportStatus.DONE:
            return False
        return not self.file or (self.expires_at is not None and timezone.now() >= self.expires_at)

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and not self.is_expired

    @property
    def progress_percent(self) -> int:
        """How far the file is written, 0–100."""
        if self.is_finished:
            return 100
        if self.rows_total <= 0:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    def audit_location_path(self) -> str:
        """Jobs are filed under their creator's area, so the area's auditors see them."""
        return self.created_by.audit_location_path() if self.created_by_id else ""


@receiver(post_delete, sender=ExportJob)
def _delete_export_file(sender, instance: ExportJob, **kwargs) -> None:
    """A deleted job takes its file (children's personal data) with it."""
    if instance.file:
        instance.file.delete(save=False)
