"""Import jobs before and after the background run: upload, column mapping, preview, start,
discard, and the spreadsheets handed back (template, list of errors).

The background run itself (checking every row, then storing) lives in ``pipeline.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from baovetreem.core import tabular
from baovetreem.core.tabular import Column, TableError, cell_text
from baovetreem.imports.base import DuplicateChoice, Importer, RowMatch
from baovetreem.imports.isolation import rows_in_child
from baovetreem.imports.models import ImportJob, ImportMode, ImportStatus, RowProblemKind
from baovetreem.imports.reading import (
    check_filename,
    check_upload,
    column_letter,
    data_rows,
    header_cells,
    iter_raw_rows,
    rows_from_sample,
    too_big_message,
)

PREVIEW_ROWS = 20
SAMPLE_HEAD = tabular.HEADER_SEARCH_ROWS  # rows among which the header is looked for
# The worker keeps the first rows of a file on its job: the header search and the preview
# read them there, so that no page parses the file.
SAMPLE_ROWS = SAMPLE_HEAD + PREVIEW_ROWS
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportStopped(Exception):
    """An expected reason to stop a job (file gone or unreadable, permission withdrawn)."""


def check_may_use(actor, importer_cls: type[Importer]) -> None:
    """Refuse an actor who does not hold the importer's permission."""
    if not importer_cls.user_may_use(actor):
        raise PermissionDenied(_("You do not have the permission to use this import."))


def create_job(
    actor,
    importer_cls: type[Importer],
    upload,
    *,
    mode: str = ImportMode.VALID_ROWS,
    language: str = "",
) -> ImportJob:
    """Check an upload without parsing it, store it privately and queue the reading of it.

    Raises ``TableError`` (with a message saying what to fix) for a file that is over a limit
    or cannot be imported; then nothing is stored. The web request never parses the file: the
    new job is ``reading`` until the worker has read its first rows (``pipeline.read_upload``),
    then ``mapped`` when every required column was recognised, otherwise ``uploaded``, or
    ``failed`` with a message when the file cannot be read within the limits.
    """
    check_may_use(actor, importer_cls)
    filename = (upload.name or "").strip()
    check_filename(filename)
    size = upload.size or 0
    if size > tabular.MAX_UPLOAD_BYTES:
        raise TableError(too_big_message(size))
    if size == 0:
        raise TableError(_("The file is empty. Choose the file that holds the rows to import."))
    shape = check_upload(upload, filename)
    if shape is not None and not 1 <= (shape.first_filled_line or 0) <= SAMPLE_HEAD:
        raise TableError(blank_head_message())
    job = ImportJob(
        created_by=actor,
        importer_key=importer_cls.key,
        original_filename=filename[-255:],
        size=size,
        mode=mode if mode in ImportMode.values else ImportMode.VALID_ROWS,
        status=ImportStatus.READING,
        language=language[:10],
        message=_("Waiting for the background worker to read the file."),
    )
    upload.seek(0)
    job.file.save(filename, upload, save=False)
    job.save()
    _queue_reading(job)
    job.refresh_from_db()
    return job


def _queue_reading(job: ImportJob) -> None:
    from baovetreem.imports.tasks import read_import

    try:
        read_import.enqueue(job.pk)
    except Exception:
        # Not queued: keep no file that nothing would ever read.
        job.delete()
        raise


def blank_head_message() -> str:
    return _(
        "The first %(n)d rows of the file are empty. Put the header row and the data "
        "on the first sheet, near the top."
    ) % {"n": tabular.HEADER_SEARCH_ROWS}


@contextmanager
def open_job_file(job: ImportJob) -> Iterator[BinaryIO]:
    """The stored upload of a job, opened for reading; ``ImportStopped`` when it is gone."""
    if not job.file:
        raise ImportStopped(
            _("The uploaded file is no longer kept for this import. Upload the file again.")
        )
    try:
        handle = job.file.storage.open(job.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise ImportStopped(
            _("The uploaded file can no longer be found. Upload the file again.")
        ) from exc
    try:
        yield handle
    finally:
        handle.close()


def _keys_and_mapping(job: ImportJob, importer_cls: type[Importer]):
    keys = [column.key for column in importer_cls.columns]
    mapping = {key: int(index) for key, index in job.column_mapping.items() if key in keys}
    return keys, mapping


@contextmanager
def job_rows(job: ImportJob, importer_cls: type[Importer], info: dict | None = None):
    """Stream the data rows of a job's file with its header row and column mapping.

    The file is parsed by a child process with a memory and time budget
    (``isolation.rows_in_child``): a file too heavy for it ends in ``TableError``.
    """
    keys, mapping = _keys_and_mapping(job, importer_cls)
    with open_job_file(job) as handle:
        raw = rows_in_child(lambda found: iter_raw_rows(handle, job.file.name, found), info)
        rows = data_rows(raw, job.header_row or 0, mapping, keys)
        try:
            yield rows
        finally:
            rows.close()


def read_first_rows(job: ImportJob, limit: int = SAMPLE_ROWS) -> list[list[object]]:
    """The first ``limit`` rows of a job's file, read by a child process within the limits."""
    with open_job_file(job) as handle:
        rows = rows_in_child(lambda found: iter_raw_rows(handle, job.file.name, found))
        try:
            return list(islice(rows, limit))
        finally:
            rows.close()


def _sample(job: ImportJob) -> list[list[object]]:
    """The first rows of a job's file as the worker read and kept them (no parsing here)."""
    if not job.sample_rows:
        raise ImportStopped(
            _("The first rows of this file are no longer kept. Upload the file again.")
        )
    return rows_from_sample(job.sample_rows)


def read_head(job: ImportJob) -> list[list[object]]:
    """The rows among which the header is looked for, to choose it and match columns."""
    return _sample(job)[:SAMPLE_HEAD]


def save_mapping(
    job: ImportJob, actor, *, header_row: int, mapping: dict[str, int], rows: list[list[object]]
) -> ImportJob:
    """Record the header row and the column positions the user chose; the job is ready."""
    importer_cls = job.importer
    if importer_cls is None:
        raise ImportStopped(_("This kind of import is no longer available."))
    check_may_use(actor, importer_cls)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.MAPPED):
        raise ImportStopped(_("This import has already started; its columns cannot change."))
    job.header_row = header_row
    job.header_cells = header_cells(rows, header_row)
    job.column_mapping = {key: int(index) for key, index in mapping.items()}
    job.status = ImportStatus.MAPPED
    job.updated_at = timezone.now()
    job.save(update_fields=["header_row", "header_cells", "column_mapping", "status", "updated_at"])
    return job


def guess_mapping(
    rows: list[list[object]], header_row: int, columns: list[Column]
) -> dict[str, int]:
    """Columns recognised by their heading in the row the user says is the header."""
    if not 0 < header_row <= len(rows):
        return {}
    mapping: dict[str, int] = {}
    for index, value in enumerate(rows[header_row - 1]):
        text = cell_text(value)
        if not text:
            continue
        for column in columns:
            if column.key not in mapping and column.matches(text):
                mapping[column.key] = index
    return mapping


@dataclass
class SampleTable:
    """The first rows of a file as text, to show which row holds the headings."""

    letters: list[str]
    rows: list[tuple[int, list[str]]]


def sample_table(rows: list[list[object]], max_columns: int = 30) -> SampleTable:
    """The first rows as short texts under the column letters, for the mapping page."""
    width = 0
    for row in rows:
        for index, value in enumerate(row[:max_columns]):
            if index >= width and cell_text(value):
                width = index + 1
    texts = [
        (number, [cell_text(row[i])[:40] if i < len(row) else "" for i in range(width)])
        for number, row in enumerate(rows, start=1)
    ]
    return SampleTable(letters=[column_letter(i) for i in range(width)], rows=texts)


def mapping_summary(job: ImportJob) -> list[tuple[Column, str]]:
    """Each expected column with the file's column it was matched to ("" when none)."""
    importer_cls = job.importer
    if importer_cls is None:
        return []
    summary = []
    for column in importer_cls.columns:
        index = job.column_mapping.get(column.key)
        if index is None:
            summary.append((column, ""))
            continue
        heading = job.header_cells[index] if index < len(job.header_cells) else ""
        summary.append(
            (column, f"{column_letter(index)}: {heading}" if heading else column_letter(index))
        )
    return summary


@dataclass
class PreviewCell:
    """One column of a preview row: the value as understood, and its problems."""

    label: str
    text: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    """One data row checked for the preview."""

    number: int
    cells: list[PreviewCell]
    other_errors: list[str] = field(default_factory=list)  # problems not tied to our columns
    other_warnings: list[str] = field(default_factory=list)
    match: RowMatch | None = None  # a record already stored that this row is, or may be

    @property
    def has_errors(self) -> bool:
        return bool(self.other_errors) or any(cell.errors for cell in self.cells)


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        value = value.date() if not value.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    return cell_text(value)


def preview_rows(job: ImportJob, actor, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """Check the first ``limit`` data rows the way the import will, for the preview page."""
    importer_cls = job.importer
    if importer_cls is None:
        raise ImportStopped(_("This kind of import is no longer available."))
    check_may_use(actor, importer_cls)
    importer = importer_cls(actor)
    columns = importer_cls.columns
    by_label = {column.label: index for index, column in enumerate(columns)}
    by_label.update({column.key: index for index, column in enumerate(columns)})
    rows: list[PreviewRow] = []
    by_number: dict[int, PreviewRow] = {}

    def attach(row: PreviewRow, column: str, message: str, kind: str) -> None:
        index = by_label.get(column)
        if index is None:
            (row.other_errors if kind == "error" else row.other_warnings).append(
                f"{column}: {message}" if column else message
            )
        else:
            cell = row.cells[index]
            (cell.errors if kind == "error" else cell.warnings).append(message)

    # Read from the rows the worker kept, never from the file: reloading costs no parsing.
    keys, mapping = _keys_and_mapping(job, importer_cls)
    data = data_rows(_sample(job), job.header_row or 0, mapping, keys)
    for number, values in islice(data, limit):
        result = importer.validate_row(number, values)
        # As the user wrote it (or as the importer words it): never a stored code.
        cells = [
            PreviewCell(
                label=column.label,
                text=result.shown[column.key]
                if column.key in result.shown
                else _display(values.get(column.key)),
            )
            for column in columns
        ]
        row = PreviewRow(number=number, cells=cells)
        for column, message in result.errors:
            attach(row, column, message, "error")
        for column, message in result.warnings:
            attach(row, column, message, "warning")
        rows.append(row)
        by_number[number] = row
    for number, column, message in importer.finish_validation():
        if number in by_number:
            attach(by_number[number], column, message, "error")
    for number, match in importer.matches().items():
        if number in by_number:
            by_number[number].match = match
    return rows


def _duplicate_choices(choices: dict | None) -> dict[str, str]:
    """Row number → choice, as stored on the job (only well-formed entries, bounded)."""
    kept: dict[str, str] = {}
    for row, choice in (choices or {}).items():
        if str(row).isdigit() and choice in DuplicateChoice.values and len(kept) < SAMPLE_ROWS:
            kept[str(int(row))] = choice
    return kept


class AlreadyStarted(ImportStopped):
    """The job was started already: what was sent again (mode, choices) was not applied."""


def start_job(
    job: ImportJob,
    actor,
    mode: str,
    *,
    duplicate_default: str | None = None,
    duplicate_choices: dict | None = None,
) -> ImportJob:
    """Queue a ready job for the background worker, with the user's choices for rows that
    match stored records. Once only: a second submission changes nothing and raises
    ``AlreadyStarted`` so that the user is told."""
    from baovetreem.imports.tasks import run_import

    importer_cls = job.importer
    if importer_cls is None:
        raise ImportStopped(_("This kind of import is no longer available."))
    check_may_use(actor, importer_cls)
    if mode not in ImportMode.values:
        mode = job.mode
    if duplicate_default not in DuplicateChoice.values:
        duplicate_default = job.duplicate_default
    if job.status == ImportStatus.UPLOADED:
        raise ImportStopped(
            _(
                "The columns of the file are not matched yet, so the import cannot start. "
                "Choose the header row and the column of each item first."
            )
        )
    now = timezone.now()
    # The choices go with the claim, in one statement: a second submission finds the job
    # started and changes nothing, so a run never mixes two sets of choices.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.MAPPED).update(
        status=ImportStatus.VALIDATING,
        mode=mode,
        duplicate_default=duplicate_default,
        duplicate_choices=_duplicate_choices(duplicate_choices),
        message=_("Waiting for the background worker to start the import."),
        updated_at=now,
        processed_rows=0,
        valid_rows=0,
        error_rows=0,
        stored_rows=0,
    )
    if claimed:
        try:
            result = run_import.enqueue(job.pk)
        except Exception:
            # Not queued: put the job back so that the user can simply try again.
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.MAPPED, message="")
            raise
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    if not claimed and job.status != ImportStatus.MAPPED:
        raise AlreadyStarted(
            _(
                "This import was already started, with the choices sent the first time; the "
                "choices sent again were not applied. Follow its progress below."
            )
        )
    return job


def discard_job(job: ImportJob, actor) -> None:
    """Delete a job that was never started, with its uploaded file."""
    if job.status not in (ImportStatus.READING, ImportStatus.UPLOADED, ImportStatus.MAPPED):
        raise ImportStopped(_("Only an import that has not started can be discarded."))
    if job.created_by_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("You may discard only your own imports."))
    job.delete()


def errors_workbook(job: ImportJob):
    """The job's row problems as an .xlsx file (row, column, problem), built row by row.

    Returns an open temporary file positioned at the start; it is deleted when closed, and
    memory stays flat however many problems there are (openpyxl write-only mode).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors")[:31])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 90
    sheet.column_dimensions["D"].width = 14
    bold = Font(bold=True)
    headers = [_("Row"), _("Column"), _("Problem"), _("Kind")]
    header_cells_ = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells_.append(cell)
    sheet.append(header_cells_)
    kinds = dict(RowProblemKind.choices)
    problems = (
        job.row_errors.order_by("row_number", "id")
        .values_list("row_number", "column", "message", "kind")
        .iterator(chunk_size=2000)
    )
    for row_number, column, message, kind in problems:
        sheet.append([row_number or None, column, message, str(kinds.get(kind, kind))])
    # Handed to the response, which closes (and so deletes) it once sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def template_workbook(importer_cls: type[Importer], actor) -> bytes:
    """An .xlsx template: our headers in bold, synthetic example rows, and a column guide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = importer_cls.columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")[:31]
    sheet.append([column.label for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in importer_cls(actor).template_example_rows():
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = max(12, min(40, len(column.label) + 4))
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    guide = workbook.create_sheet(_("Guide")[:31])
    guide.append([_("Column"), _("Required"), _("Other accepted headings")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append(
            [column.label, _("yes") if column.required else _("no"), ", ".join(column.aliases)]
        )
    guide.append([])
    guide.append(
        [
            _(
                "Keep the data on the first sheet. Rows above the header (titles) are allowed; "
                "dates may be typed as dd/mm/yyyy."
            )
        ]
    )
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
