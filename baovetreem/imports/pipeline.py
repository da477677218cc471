"""The background run of an import job: check every row, then store the clean ones.

Memory stays flat whatever the file's size: rows are streamed from the stored file twice (one
pass to check, one to store), problems are written in batches, and which rows failed is kept
in a bitmap (one bit per spreadsheet row). Progress is written outside any long transaction so
that the status page sees it while the job runs.

Storing follows the job's mode:
- ``valid_rows``: clean rows are stored in batches, each batch in its own transaction, so a
  crash leaves whole batches only, never half a batch;
- ``all_or_nothing``: nothing is stored when any row has an error; otherwise every batch is
  stored inside one transaction, so a crash leaves nothing at all.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.core.tabular import TableError, cell_text
from baovetreem.imports.base import DuplicateChoice, Importer
from baovetreem.imports.models import (
    ImportJob,
    ImportMode,
    ImportRowError,
    ImportStatus,
    RowProblemKind,
)
from baovetreem.imports.reading import (
    count_csv_lines,
    extension_of,
    guess_header,
    header_cells,
    rows_to_sample,
)
from baovetreem.imports.services import (
    SAMPLE_HEAD,
    ImportStopped,
    blank_head_message,
    job_rows,
    open_job_file,
    read_first_rows,
)

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between two progress writes while checking
STORE_BATCH_SIZE = 1000  # rows handed to Importer.store at once
PROBLEM_FLUSH_SIZE = 1000  # row problems written at once
MAX_STORED_PROBLEMS = 100_000  # beyond this, problems are counted but not listed


class RowSet:
    """A set of spreadsheet row numbers as a bitmap: 1,048,576 rows fit in 128 KB."""

    def __init__(self) -> None:
        self._bits = bytearray()

    def add(self, row: int) -> None:
        byte = row >> 3
        if byte >= len(self._bits):
            self._bits.extend(bytes(byte - len(self._bits) + 1024))
        self._bits[byte] |= 1 << (row & 7)

    def __contains__(self, row: int) -> bool:
        byte = row >> 3
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << (row & 7)))


def _match_note(importer: Importer, match) -> str:
    """The warning of a row matching a stored record: which record, and what will be done."""
    choice = importer.choice_for(match.row)
    outcome = {
        DuplicateChoice.SKIP: _("The row is skipped, as chosen."),
        DuplicateChoice.UPDATE: _("The record already in the register is updated, as chosen."),
        DuplicateChoice.ADD: _("The row is added as a new record, as chosen."),
    }[choice]
    return f"{match.description} {outcome}"


def _unchanged_message(count: int) -> str:
    return ngettext(
        "%(n)d row is already in the register and was left as it is (nothing new in it, or "
        "skipped as chosen).",
        "%(n)d rows are already in the register and were left as they are (nothing new in "
        "them, or skipped as chosen).",
        count,
    ) % {"n": count}


class _Rollback(Exception):
    """Raised inside the all-or-nothing transaction to undo it (a row changed meanwhile)."""


def read_upload(job_id: int) -> None:
    """Read the first rows of an uploaded file and find its header (task body).

    The file is parsed by a child process within the memory and time limits; the rows are
    kept on the job for the column matching and the preview. A file that cannot be read ends
    the job ``failed`` with a message saying what to do, and the file is deleted.
    """
    job = (
        ImportJob.objects.select_related("created_by")
        .filter(pk=job_id, status=ImportStatus.READING)
        .first()
    )
    if job is None:
        logger.warning("Import job %s is not waiting to be read; nothing done.", job_id)
        return
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            importer_cls = job.importer
            if importer_cls is None:
                raise ImportStopped(_("This kind of import is no longer available."))
            rows = read_first_rows(job)
            head = rows[:SAMPLE_HEAD]
            if not any(cell_text(value) for row in head for value in row):
                raise TableError(blank_head_message())
            guess = guess_header(head, importer_cls.columns)
        except (ImportStopped, TableError) as exc:
            JobRunner(job).stop_nothing_stored(str(exc))
            return
        except Exception:
            logger.exception("Reading the file of import job %s failed", job_id)
            JobRunner(job).stop_after_crash()
            return
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READING).update(
            status=ImportStatus.MAPPED if guess.complete else ImportStatus.UPLOADED,
            header_row=guess.header_row,
            header_cells=header_cells(head, guess.header_row),
            column_mapping=guess.mapping,
            sample_rows=rows_to_sample(rows),
            message="",
            updated_at=timezone.now(),
        )


def run_job(job_id: int) -> None:
    """Run a queued import job to its end; every outcome is written on the job (task body)."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job_id, status=ImportStatus.VALIDATING, started_at__isnull=True
    ).update(started_at=now, updated_at=now)
    if not claimed:
        logger.warning("Import job %s is not waiting to run; nothing done.", job_id)
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        runner = JobRunner(job)
        try:
            runner.run()
        except (ImportStopped, TableError) as exc:
            if runner.stored and runner.job.mode != ImportMode.ALL_OR_NOTHING:
                # Whole batches are already stored: say exactly which, as after a crash.
                logger.warning("Import job %s stopped while storing: %s", job_id, exc)
                runner.stop_after_crash()
            else:
                runner.stop_nothing_stored(str(exc))
        except Exception:
            logger.exception("Import job %s stopped by an unexpected error", job_id)
            runner.stop_after_crash()


class JobRunner:
    """Carries one job through both passes and keeps its counters."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.actor = job.created_by
        self.importer_cls: type[Importer] | None = job.importer
        self.bad = RowSet()
        self.seen = RowSet()
        self.problems: list[ImportRowError] = []
        self.problems_written = 0
        self.file_problems = 0
        self.processed = 0
        self.valid = 0
        self.errors = 0
        self.stored = 0
        self.phase = ImportStatus.VALIDATING
        self.batch_first_row: int | None = None

    # -- bookkeeping ---------------------------------------------------------------------

    def _save(self, **fields) -> None:
        fields["updated_at"] = timezone.now()
        ImportJob.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def _counters(self) -> dict[str, int]:
        return {
            "processed_rows": self.processed,
            "valid_rows": max(self.valid, 0),
            "error_rows": self.errors,
            "stored_rows": self.stored,
        }

    def _problem(self, row: int, column: str, message: str, kind: str) -> None:
        if self.problems_written + len(self.problems) >= MAX_STORED_PROBLEMS:
            return
        self.problems.append(
            ImportRowError(
                job_id=self.job.pk,
                row_number=max(row, 0),
                column=str(column or "")[:255],
                message=str(message),
                kind=kind,
            )
        )
        if len(self.problems) >= PROBLEM_FLUSH_SIZE:
            self._flush_problems()

    def _flush_problems(self) -> None:
        if self.problems:
            ImportRowError.objects.bulk_create(self.problems, batch_size=PROBLEM_FLUSH_SIZE)
            self.problems_written += len(self.problems)
            self.problems = []

    def _mark_bad(self, row: int, *, was_valid: bool) -> None:
        if row not in self.bad:
            self.bad.add(row)
            self.errors += 1
            if was_valid:
                self.valid -= 1

    def _importer(self) -> Importer:
        """A fresh importer for one pass, told what the user chose for rows already stored."""
        importer = self.importer_cls(self.actor)
        importer.duplicate_default = self.job.duplicate_default
        importer.duplicate_choices = {
            int(row): choice for row, choice in (self.job.duplicate_choices or {}).items()
        }
        return importer

    # -- the run -------------------------------------------------------------------------

    def run(self) -> None:
        if self.importer_cls is None:
            raise ImportStopped(_("This kind of import is no longer available."))
        if not self.importer_cls.user_may_use(self.actor):
            raise ImportStopped(
                _(
                    "You no longer have the permission to use this import. Ask your "
                    "administrator for access, then upload the file again."
                )
            )
        self._check_every_row()
        refusal = self._refusal()
        if refusal:
            self.finish(ImportStatus.REJECTED, refusal)
            return
        self._save(status=ImportStatus.VALIDATED)
        if self.job.mode == ImportMode.ALL_OR_NOTHING:
            self._store_all_or_nothing()
        else:
            self._store_valid_rows()

    def _save_estimate(self, estimated_rows: int | None) -> None:
        """The progress bar's total until the real count is known."""
        if estimated_rows:
            self._save(total_rows=max(estimated_rows - (self.job.header_row or 0), 1))

    def _check_every_row(self) -> None:
        """Pass 1: check every row, list the problems, count; nothing is stored."""
        importer = self._importer()
        info: dict = {}
        if extension_of(self.job.file.name) == ".csv":
            with open_job_file(self.job) as handle:
                self._save_estimate(count_csv_lines(handle))
        with job_rows(self.job, self.importer_cls, info) as rows:
            for number, values in rows:
                if self.processed == 0 and "estimated_rows" in info:
                    self._save_estimate(info["estimated_rows"])
                result = importer.validate_row(number, values)
                self.processed += 1
                self.seen.add(number)
                if result.errors or result.cleaned is None:
                    self._mark_bad(number, was_valid=False)
                    for column, message in result.errors or [
                        ("", _("This row cannot be imported."))
                    ]:
                        self._problem(number, column, message, RowProblemKind.ERROR)
                else:
                    self.valid += 1
                for column, message in result.warnings:
                    self._problem(number, column, message, RowProblemKind.WARNING)
                if self.processed % PROGRESS_EVERY == 0:
                    self._flush_problems()
                    self._save(**self._counters())
        for number, column, message in importer.finish_validation():
            if number <= 0:
                self.file_problems += 1
            else:
                self._mark_bad(number, was_valid=number in self.seen)
            self._problem(number, column, message, RowProblemKind.ERROR)
        for number, match in sorted(importer.matches().items()):
            if number not in self.bad:
                self._problem(number, "", _match_note(importer, match), RowProblemKind.WARNING)
        self._flush_problems()
        self._save(total_rows=self.processed, **self._counters())

    def _refusal(self) -> str:
        """Why nothing may be stored after pass 1, or "" when storing may go on."""
        if self.processed == 0:
            return _(
                "The file has no data rows under its header. Put the rows right below the "
                "header row and upload the file again."
            )
        if self.file_problems:
            return _(
                "The file as a whole has a problem (listed below), so nothing was stored. "
                "Correct it and upload the file again."
            )
        if self.job.mode == ImportMode.ALL_OR_NOTHING and self.errors:
            return ngettext(
                "%(errors)d of %(total)d rows has errors, so nothing was stored. Correct the "
                "row listed below and import the whole file again.",
                "%(errors)d of %(total)d rows have errors, so nothing was stored. Correct the "
                "rows listed below and import the whole file again.",
                self.errors,
            ) % {"errors": self.errors, "total": self.processed}
        return ""

    def _clean_batches(self, importer: Importer, *, stop_on_change: bool):
        """Pass 2: the rows that passed pass 1, checked again, in batches of clean dicts.

        Every row is handed to ``validate_row`` again, bad ones included, so the importer
        sees the same rows in the same order as in pass 1. A row that passed pass 1 but fails
        now (the data changed meanwhile) is listed as a problem and left out — or, in
        all-or-nothing mode, undoes the whole transaction.
        """
        batch: list[tuple[int, dict]] = []
        with job_rows(self.job, self.importer_cls) as rows:
            for number, values in rows:
                if not batch:
                    # Where storing would resume if this batch were lost.
                    self.batch_first_row = number
                result = importer.validate_row(number, values)
                if number in self.bad:
                    continue
                if result.errors or result.cleaned is None:
                    self._mark_bad(number, was_valid=True)
                    for column, message in result.errors or [
                        ("", _("This row cannot be imported."))
                    ]:
                        self._problem(number, column, message, RowProblemKind.ERROR)
                    if stop_on_change:
                        raise _Rollback
                    continue
                batch.append((number, result.cleaned))
                if len(batch) >= STORE_BATCH_SIZE:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _store_batch(self, importer: Importer, batch: list[tuple[int, dict]]) -> int:
        importer.store_notes = []
        stored = importer.store([cleaned for _number, cleaned in batch])
        # Rows left out as the user chose (already in the register): listed, not errors.
        for number, column, message in importer.store_notes:
            self._problem(number, column, message, RowProblemKind.WARNING)
        return len(batch) if stored is None else int(stored)

    def _store_valid_rows(self) -> None:
        self.phase = ImportStatus.STORING
        self._save(status=ImportStatus.STORING)
        importer = self._importer()
        for batch in self._clean_batches(importer, stop_on_change=False):
            with transaction.atomic():
                stored = self._store_batch(importer, batch)
            self.stored += stored
            self.batch_first_row = None
            self._flush_problems()
            self._save(**self._counters())
        self.batch_first_row = None
        self._flush_problems()
        if self.stored == 0 and importer.unchanged and not self.errors:
            message = _unchanged_message(importer.unchanged)
        elif self.stored == 0 and not importer.unchanged:
            message = _(
                "No row was stored: every row has errors. Correct the rows listed below and "
                "import the file again."
            )
        elif self.errors:
            message = " ".join(
                [
                    ngettext("%(n)d row was stored.", "%(n)d rows were stored.", self.stored)
                    % {"n": self.stored},
                    ngettext(
                        "%(n)d row has errors and was not stored: correct it (download the "
                        "list) and import only that row again.",
                        "%(n)d rows have errors and were not stored: correct them (download "
                        "the list) and import only those rows again.",
                        self.errors,
                    )
                    % {"n": self.errors},
                ]
            )
        else:
            message = _("All %(stored)d rows were stored.") % {"stored": self.stored}
        if importer.unchanged and (self.stored or self.errors):
            message += " " + _unchanged_message(importer.unchanged)
        self.finish(ImportStatus.DONE, message)

    def _store_all_or_nothing(self) -> None:
        self.phase = ImportStatus.STORING
        self._save(status=ImportStatus.STORING)
        importer = self._importer()
        stored = 0
        try:
            with transaction.atomic():
                for batch in self._clean_batches(importer, stop_on_change=True):
                    stored += self._store_batch(importer, batch)
        except _Rollback:
            self._flush_problems()
            self.finish(
                ImportStatus.REJECTED,
                _(
                    "A row that was valid when checked is not valid any more (the data changed "
                    "during the import), so nothing was stored. Upload the file again to check "
                    "it anew."
                ),
            )
            return
        self.stored = stored
        self.batch_first_row = None
        self._flush_problems()
        message = _("All %(stored)d rows were stored.") % {"stored": stored}
        if importer.unchanged:
            message = (
                _unchanged_message(importer.unchanged)
                if not stored
                else f"{message} {_unchanged_message(importer.unchanged)}"
            )
        self.finish(ImportStatus.DONE, message)

    # -- endings -------------------------------------------------------------------------

    def finish(self, status: str, message: str) -> None:
        """Write the outcome, drop the uploaded file and record the audit event."""
        self._flush_problems()
        if self.problems_written >= MAX_STORED_PROBLEMS:
            message += " " + _(
                "Only the first %(n)d problems are listed; correct them and import again to "
                "see the rest."
            ) % {"n": MAX_STORED_PROBLEMS}
        self._drop_file()
        self._save(
            status=status,
            message=message,
            finished_at=timezone.now(),
            file="",
            sample_rows=[],
            **self._counters(),
        )
        record(
            self.actor,
            AuditAction.IMPORT,
            self.job,
            after={
                "importer": self.job.importer_key,
                "file": self.job.original_filename,
                "mode": self.job.mode,
                "status": status,
                "rows": self.processed,
                "valid_rows": max(self.valid, 0),
                "error_rows": self.errors,
                "stored_rows": self.stored,
            },
            note=message[:1000],
        )

    def _drop_file(self) -> None:
        # The upload holds children's personal data: keep it no longer than the job needs it.
        if not self.job.file:
            return
        try:
            self.job.file.storage.delete(self.job.file.name)
        except OSError:
            logger.exception("Could not delete the file of import job %s", self.job.pk)

    def stop_nothing_stored(self, problem: str) -> None:
        """End a job stopped for an expected reason before anything was stored."""
        message = problem.rstrip()
        if not message.endswith((".", "!", "?")):
            message += "."
        self._safe_finish(ImportStatus.FAILED, message + " " + _("Nothing was stored."))

    def stop_after_crash(self) -> None:
        """End a job stopped by an unexpected error, saying exactly what was stored."""
        self.problems = []  # the batch being written may be what failed
        reference = {"id": self.job.pk}
        if self.phase != ImportStatus.STORING:
            message = (
                _(
                    "The import stopped because of an unexpected error while checking the rows. "
                    "Nothing was stored. Try again later; if it happens again, tell your "
                    "administrator (import #%(id)d)."
                )
                % reference
            )
        elif self.job.mode == ImportMode.ALL_OR_NOTHING:
            self.stored = 0
            message = (
                _(
                    "The import stopped because of an unexpected error while storing the rows. "
                    "Nothing was stored, since rows are stored all together or not at all. Try "
                    "again later; if it happens again, tell your administrator (import #%(id)d)."
                )
                % reference
            )
        elif self.stored == 0:
            message = (
                _(
                    "The import stopped because of an unexpected error while storing the rows. "
                    "Nothing was stored. Try again later; if it happens again, tell your "
                    "administrator (import #%(id)d)."
                )
                % reference
            )
        elif self.batch_first_row is None:
            message = _(
                "The import stopped because of an unexpected error after %(stored)d rows were "
                "stored. Check the imported records before importing again, and tell your "
                "administrator (import #%(id)d)."
            ) % {**reference, "stored": self.stored}
        else:
            message = _(
                "The import stopped because of an unexpected error while storing the rows. "
                "%(stored)d rows were stored, in whole batches: no row was half-stored, and "
                "nothing from row %(row)d onwards was stored. Import only the rows from row "
                "%(row)d onwards again; if the error comes back, tell your administrator "
                "(import #%(id)d)."
            ) % {**reference, "stored": self.stored, "row": self.batch_first_row or 0}
        self._safe_finish(ImportStatus.FAILED, message)

    def _safe_finish(self, status: str, message: str) -> None:
        try:
            self.finish(status, message)
        except Exception:
            # The database itself may be what failed: the log keeps the story.
            logger.exception("Could not record the end of import job %s", self.job.pk)
