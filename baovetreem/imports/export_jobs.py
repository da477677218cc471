"""Export jobs: request (checked, counted, audited, queued), background run, download, purge.

The file is written by the exporter to a temporary folder, then copied to the private default
storage in one step, so a crash never leaves a partial file where it could be downloaded.
Progress is written outside any transaction, every ``PROGRESS_EVERY`` rows or few seconds.
Each request and each download is an audit event ("export"): data leaving the system is
logged, filed under the requester's area.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.imports.exporting import Exporter, ExportRefused
from baovetreem.imports.models import (
    ExportJob,
    ExportStatus,
    export_file_path,
    export_retention,
)

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2000  # rows between two progress writes
PROGRESS_SECONDS = 3.0  # …or at most this long, for slow exporters
# A queued or running job that has not moved for this long is given up by the purge.
GIVE_UP_AFTER = dt.timedelta(hours=6)
# Stored files that no job points to (a worker killed between two steps) are deleted once
# they are at least this old, so a file being stored right now is never touched.
ORPHAN_MIN_AGE = dt.timedelta(hours=1)
EXPORT_FOLDER = "exports"


class ExportUnavailable(Exception):
    """The file of a job cannot be handed out (not finished, deleted, lost)."""


def check_may_use(actor, exporter_cls: type[Exporter]) -> None:
    """Refuse an actor who does not hold the exporter's permission."""
    if not exporter_cls.user_may_use(actor):
        raise PermissionDenied(_("You do not have the permission to use this export."))


def retention_hours() -> int:
    return int(export_retention().total_seconds() // 3600)


# -- the request ---------------------------------------------------------------------------


def create_export(
    actor, exporter_cls: type[Exporter], data: Mapping[str, Any], *, language: str = ""
) -> ExportJob:
    """Check and count a requested export, record it and queue it; returns the job.

    Raises ``ExportRefused`` (a sentence saying what to change) when the parameters are not
    valid or the export would hold no row or too many. The same export still waiting or
    running for the same person is returned instead of starting it twice.
    """
    check_may_use(actor, exporter_cls)
    try:
        purge_expired_exports()
    except Exception:
        # Housekeeping must never stop a new export; the command will try again.
        logger.exception("Could not purge expired export files")
    exporter = exporter_cls()
    params = exporter.clean_params(actor, data)
    for running in ExportJob.objects.filter(
        created_by=actor,
        exporter_key=exporter_cls.key,
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
    ):
        if running.params == params and not running.is_stalled:
            return running
    rows = exporter.count(actor, params)
    if rows <= 0:
        raise ExportRefused(
            _("No record matches these filters, so there is nothing to export. Change the filters.")
        )
    if rows > exporter_cls.max_rows:
        raise ExportRefused(
            _(
                "These filters match %(rows)s records, more than one file can hold "
                "(%(max)s). Narrow the filters (for example one commune or one group) and "
                "export each part."
            )
            % {"rows": f"{rows:,}", "max": f"{exporter_cls.max_rows:,}"}
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            created_by=actor,
            exporter_key=exporter_cls.key,
            params=params,
            rows_total=rows,
            language=language[:10],
        )
        record(
            actor,
            AuditAction.EXPORT,
            job,
            after={"exporter": exporter_cls.key, "params": params, "rows": rows},
            note="export requested",
        )
    # Queued after the commit of the job row, so that the worker always finds it.
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: ExportJob) -> None:
    from baovetreem.imports.tasks import run_export

    try:
        result = run_export.enqueue(job.pk)
    except Exception:
        logger.exception("Could not queue export job %s", job.pk)
        ExportJob.objects.filter(pk=job.pk, status=ExportStatus.QUEUED).update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            message=_(
                "The export could not be handed to the background worker. Try again in a "
                "moment; if it happens again, tell your administrator."
            ),
        )
        return
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


# -- the background run --------------------------------------------------------------------


class _Progress:
    """The ``progress`` callback handed to the exporter: a few writes, never one per row."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.last = 0
        self.last_at = time.monotonic()

    def __call__(self, written: int) -> None:
        written = int(written)
        if written <= self.last:
            return
        now = time.monotonic()
        if written - self.last < PROGRESS_EVERY and now - self.last_at < PROGRESS_SECONDS:
            return
        self.last, self.last_at = written, now
        ExportJob.objects.filter(pk=self.job.pk).update(
            rows_written=written, updated_at=timezone.now()
        )


def run_export(job_id: int) -> None:
    """Write the file of a queued export job; every outcome is written on the job (task body)."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, updated_at=now, message=""
    )
    if not claimed:
        logger.warning("Export job %s is not waiting to run; nothing done.", job_id)
        return
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _run(job)


def _run(job: ExportJob) -> None:
    storage = job.file.storage
    stored_name = ""
    workdir = Path(tempfile.mkdtemp(prefix="baovetreem-export-"))
    try:
        exporter_cls = job.exporter
        if exporter_cls is None:
            raise ExportRefused(_("This kind of export is no longer available."))
        if not exporter_cls.user_may_use(job.created_by):
            raise ExportRefused(
                _(
                    "You no longer have the permission to use this export. Ask your "
                    "administrator for access, then export again."
                )
            )
        exporter = exporter_cls()
        path = workdir / f"export{exporter.extension}"
        written = exporter.write(job.created_by, job.params, path, _Progress(job))
        size = path.stat().st_size
        with path.open("rb") as handle:
            stored_name = storage.save(export_file_path(job, path.name), File(handle))
        if written:
            message = ngettext("%(n)d row was exported.", "%(n)d rows were exported.", written) % {
                "n": written
            }
        else:
            message = _(
                "No record matched the filters any more when the file was written: the file "
                "holds only the column headings."
            )
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.DONE,
            file=stored_name,
            size=size,
            rows_written=written,
            rows_total=written,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            message=message,
        )
    except ExportRefused as exc:
        _fail(job, storage, stored_name, _finish_sentence(str(exc)))
    except Exception:
        logger.exception("Export job %s stopped by an unexpected error", job.pk)
        _fail(
            job,
            storage,
            stored_name,
            _(
                "The export stopped because of an unexpected error, so no file was kept. Try "
                "again later; if it happens again, tell your administrator (export #%(id)d)."
            )
            % {"id": job.pk},
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _finish_sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _fail(job: ExportJob, storage, stored_name: str, message: str) -> None:
    """End a job without a file: whatever was stored of it is deleted first."""
    if stored_name:
        try:
            storage.delete(stored_name)
        except OSError:
            logger.exception("Could not delete the file of failed export job %s", job.pk)
    try:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED,
            file="",
            size=0,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            message=message,
        )
    except Exception:
        # The database itself may be what failed: the log keeps the story.
        logger.exception("Could not record the end of export job %s", job.pk)


# -- the download --------------------------------------------------------------------------


def open_export_file(job: ExportJob, actor) -> BinaryIO:
    """Open the file of a finished job for ``actor`` and record the download (audit).

    Raises ``ExportUnavailable`` (a sentence saying what to do) when there is no file to hand
    out; a file past its retention period is deleted there and then.
    """
    exporter_cls = job.exporter
    if exporter_cls is None:
        raise ExportUnavailable(_("This kind of export is no longer available."))
    check_may_use(actor, exporter_cls)
    if job.status != ExportStatus.DONE:
        raise ExportUnavailable(
            _("This export has no file: it is not finished, or it stopped with an error.")
        )
    if job.is_expired:
        expire_file(job)
        raise ExportUnavailable(expired_message())
    try:
        handle = job.file.storage.open(job.file.name, "rb")
    except OSError as exc:
        raise ExportUnavailable(
            _("The file of this export can no longer be found. Export again to get a new file.")
        ) from exc
    try:
        record(
            actor,
            AuditAction.EXPORT,
            job,
            after={
                "exporter": job.exporter_key,
                "params": job.params,
                "rows": job.rows_written,
                "size": job.size,
            },
            note="file downloaded",
        )
    except Exception:
        handle.close()
        raise
    return handle


def expired_message() -> str:
    return _(
        "The file of this export was deleted %(hours)d hours after it was written, as exported "
        "personal data is not kept longer. Export again to get a new file."
    ) % {"hours": retention_hours()}


def download_filename(job: ExportJob) -> str:
    exporter_cls = job.exporter
    if exporter_cls is None:
        return f"export-{job.pk}"
    return exporter_cls().filename(job)


# -- retention -----------------------------------------------------------------------------


@dataclass
class PurgeResult:
    files_deleted: int = 0
    jobs_given_up: int = 0
    orphans_deleted: int = 0


def expire_file(job: ExportJob) -> bool:
    """Delete the stored file of one job; False when the storage refused."""
    if job.file:
        try:
            job.file.storage.delete(job.file.name)
        except OSError:
            logger.exception("Could not delete the file of export job %s", job.pk)
            return False
    ExportJob.objects.filter(pk=job.pk).update(file="", size=0)
    job.file = ""
    job.size = 0
    return True


def purge_expired_exports(
    *, now: dt.datetime | None = None, sweep_orphans: bool = False
) -> PurgeResult:
    """Delete the files past their retention period, give up jobs stuck for hours and, with
    ``sweep_orphans``, delete old stored files that no job points to."""
    now = now or timezone.now()
    result = PurgeResult()
    cutoff = now - export_retention()
    expired = ExportJob.objects.filter(finished_at__lte=cutoff).exclude(file="")
    for job in expired.only("pk", "file"):
        if expire_file(job):
            result.files_deleted += 1
    result.jobs_given_up = ExportJob.objects.filter(
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
        updated_at__lte=now - GIVE_UP_AFTER,
    ).update(
        status=ExportStatus.FAILED,
        finished_at=now,
        updated_at=now,
        message=_(
            "The export did not finish: the background worker may have been stopped. Export "
            "again; if it happens again, tell your administrator."
        ),
    )
    if sweep_orphans:
        result.orphans_deleted = _delete_orphans(now - max(export_retention(), ORPHAN_MIN_AGE))
    return result


def _delete_orphans(older_than: dt.datetime) -> int:
    from django.core.files.storage import default_storage

    kept = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    deleted = 0
    for name in _stored_files(default_storage, EXPORT_FOLDER):
        if name in kept:
            continue
        try:
            if default_storage.get_modified_time(name) > older_than:
                continue
            default_storage.delete(name)
        except (NotImplementedError, OSError):
            logger.exception("Could not delete the stray export file %s", name)
            continue
        deleted += 1
    return deleted


def _stored_files(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}")
