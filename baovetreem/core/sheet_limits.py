"""Limits on the spreadsheets we agree to read, checked before any parsing.

An .xlsx file is a zip archive: a few hundred kilobytes can unpack to gigabytes of XML, and a
shared-strings table of millions of entries keeps a process busy for minutes. The checks here
read only the archive's directory and the first kilobytes of two of its parts, or the raw lines
of a CSV file, so they cost milliseconds whatever the file holds. The sizes an archive declares
can be trusted as bounds: Python's zip reader never unpacks a part beyond its declared size.

Reading itself still runs in a child process with a memory and time budget
(``imports.isolation``), for the files that pass these checks and are still too heavy.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from baovetreem.core.tabular import TableError

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an .xlsx protected by a password
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Parts smaller than this are not held to the compression ratio: styles and other small
# parts of ordinary workbooks compress far better than data does, and cannot hurt.
RATIO_FLOOR_BYTES = 1 * MB
MAX_PARTS = 10_000  # ordinary workbooks have a few dozen
HEAD_BYTES = 64 * 1024  # how much of a part is unpacked to read its declared sizes
_SCAN_CHUNK = 1024 * 1024

_SST = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_COUNT = re.compile(rb'\bcount="(\d+)"')
_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')
_CELL = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,9})$")
_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


class LimitExceeded(TableError):
    """A file is over one of the limits; the message says which and what to do."""


@dataclass(frozen=True)
class SheetLimits:
    """The limits in force, from the settings (see the README's configuration table)."""

    uncompressed_bytes: int
    compression_ratio: int
    rows: int
    columns: int
    shared_strings: int
    shared_strings_bytes: int
    csv_line_bytes: int

    @classmethod
    def from_settings(cls) -> SheetLimits:
        return cls(
            uncompressed_bytes=int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", 300)) * MB,
            compression_ratio=int(getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", 100)),
            rows=int(getattr(settings, "IMPORT_MAX_ROWS", 200_000)),
            columns=int(getattr(settings, "IMPORT_MAX_COLUMNS", 256)),
            shared_strings=int(getattr(settings, "IMPORT_MAX_SHARED_STRINGS", 2_000_000)),
            shared_strings_bytes=int(getattr(settings, "IMPORT_MAX_SHARED_STRINGS_MB", 100)) * MB,
            csv_line_bytes=int(getattr(settings, "IMPORT_MAX_CSV_LINE_KB", 128)) * 1024,
        )


def number(value: int) -> str:
    """A count with thousands grouped as the reader's language writes them."""
    return number_format(value, force_grouping=True)


def megabytes(size: int) -> int:
    return max((size + MB - 1) // MB, 1)


def peek(fileobj: BinaryIO, size: int = 4) -> bytes:
    """The first bytes of a file, leaving it at its start."""
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


# -- messages shared with the readers ----------------------------------------------------------


def not_a_workbook_message() -> str:
    return _(
        "This file is not a readable Excel workbook (.xlsx). Open it in Excel and save "
        "it again as .xlsx."
    )


def old_excel_message() -> str:
    return _(
        "This file is an old Excel file (.xls) or is protected by a password. Open it "
        "in Excel, remove any password and save it as “Excel Workbook (.xlsx)”."
    )


def workbook_named_csv_message() -> str:
    return _(
        "This file is an Excel workbook but its name ends in .csv. Rename it to .xlsx, "
        "or save it again from Excel as CSV."
    )


def too_many_rows_message(rows: int, limit: int) -> str:
    return _(
        "The file has %(rows)s rows; at most %(limit)s rows can be imported at once. Delete "
        "the empty rows below the data, or split the file into several files and upload each "
        "part."
    ) % {"rows": number(rows), "limit": number(limit)}


def too_many_columns_message(columns: int, limit: int) -> str:
    return _(
        "The file has %(columns)s columns; at most %(limit)s columns can be read. Delete the "
        "unused columns, or copy only the columns you need into a new file."
    ) % {"columns": number(columns), "limit": number(limit)}


# -- .xlsx -------------------------------------------------------------------------------------


def check_workbook(fileobj: BinaryIO, limits: SheetLimits | None = None) -> None:
    """Refuse a workbook that would unpack to too much, from its zip directory alone.

    Raises ``LimitExceeded`` with a message saying which limit and what to do. Checks the
    total unpacked size, each large part's compression ratio, the shared-strings table's
    declared counts and the first sheet's declared size (``<dimension>``).
    """
    limits = limits or SheetLimits.from_settings()
    if peek(fileobj) == OLE_MAGIC:
        raise LimitExceeded(old_excel_message())
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise LimitExceeded(not_a_workbook_message()) from exc
    try:
        _check_archive(archive, limits)
    finally:
        archive.close()
        fileobj.seek(0)


def _check_archive(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise LimitExceeded(not_a_workbook_message())
    total = sum(part.file_size for part in parts)
    if total > limits.uncompressed_bytes:
        raise LimitExceeded(
            _(
                "Unpacked, this workbook holds %(size)s MB of data; the limit is %(limit)s MB. "
                "Split it into several files, or open it in Excel, delete pictures and unused "
                "sheets, save it as “Excel Workbook (.xlsx)” and upload it again."
            )
            % {
                "size": number(megabytes(total)),
                "limit": number(limits.uncompressed_bytes // MB),
            }
        )
    names = {part.filename.lower(): part for part in parts}
    shared = names.get("xl/sharedstrings.xml")
    # openpyxl holds the whole table of texts in memory from the moment it opens a workbook.
    if shared is not None and shared.file_size > limits.shared_strings_bytes:
        raise LimitExceeded(
            _(
                "Unpacked, the table of texts of this workbook holds %(size)s MB; the limit "
                "is %(limit)s MB. Split the file into several files with fewer rows and "
                "upload each part."
            )
            % {
                "size": number(megabytes(shared.file_size)),
                "limit": number(limits.shared_strings_bytes // MB),
            }
        )
    for part in parts:
        if part.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = part.file_size // max(part.compress_size, 1)
        if ratio > limits.compression_ratio:
            raise LimitExceeded(
                _(
                    "This workbook is packed far more tightly than ordinary spreadsheets "
                    "(%(ratio)s times; at most %(limit)s), so it was not opened. Open it in "
                    "Excel and save it again as “Excel Workbook (.xlsx)”, or copy the data "
                    "into a new workbook, then upload that file."
                )
                % {"ratio": number(ratio), "limit": number(limits.compression_ratio)}
            )
    if shared is not None:
        _check_shared_strings(_head(archive, shared), limits)
    sheet = _first_sheet(archive, names)
    if sheet is not None:
        _check_dimension(_head(archive, sheet), limits)


def _head(archive: zipfile.ZipFile, part: zipfile.ZipInfo, size: int = HEAD_BYTES) -> bytes:
    """The first unpacked bytes of a part (only as much is unpacked as is read)."""
    try:
        with archive.open(part) as stream:
            return stream.read(size)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression.
        raise LimitExceeded(not_a_workbook_message()) from exc


def _check_shared_strings(head: bytes, limits: SheetLimits) -> None:
    match = _SST.search(head)
    if match is None:
        return
    tag = match.group(0)
    unique = _UNIQUE_COUNT.search(tag)
    count = _COUNT.search(tag)
    texts = int((unique or count).group(1)) if (unique or count) else 0
    uses = int(count.group(1)) if count else 0
    if texts > limits.shared_strings or uses > limits.rows * limits.columns:
        raise LimitExceeded(
            _(
                "The workbook holds %(count)s different texts; at most %(limit)s can be read. "
                "Split it into several files with fewer rows and upload each part."
            )
            % {"count": number(max(texts, uses)), "limit": number(limits.shared_strings)}
        )


def _check_dimension(head: bytes, limits: SheetLimits) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    last = match.group(1).decode("ascii", "replace").split(":")[-1]
    cell = _CELL.match(last.strip())
    if cell is None:
        return
    letters, digits = cell.groups()
    rows = int(digits)
    columns = 0
    for letter in letters.upper():
        columns = columns * 26 + ord(letter) - 64
    if rows > limits.rows:
        raise LimitExceeded(too_many_rows_message(rows, limits.rows))
    if columns > limits.columns:
        raise LimitExceeded(too_many_columns_message(columns, limits.columns))


def _attributes(tag: bytes) -> dict[str, str]:
    found = {}
    for name, value in _ATTRIBUTE.findall(tag):
        text = name.decode("ascii", "replace")
        found[text.split(":")[-1] if text.endswith(":id") else text] = value.decode(
            "utf-8", "replace"
        )
    return found


def _first_sheet(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]):
    """The part holding the workbook's first sheet (the one imports read), when found."""
    workbook = names.get("xl/workbook.xml")
    rels = names.get("xl/_rels/workbook.xml.rels")
    if workbook is not None and rels is not None:
        sheet = _FIRST_SHEET.search(_head(archive, workbook, 256 * 1024))
        relation = _attributes(sheet.group(0)).get("id") if sheet else None
        for tag in _RELATIONSHIP.findall(_head(archive, rels, 256 * 1024)):
            attributes = _attributes(tag)
            if relation and attributes.get("Id") == relation and attributes.get("Target"):
                target = attributes["Target"]
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                part = names.get(path.lower())
                if part is not None:
                    return part
    return names.get("xl/worksheets/sheet1.xml")


# -- .csv --------------------------------------------------------------------------------------


@dataclass
class CsvShape:
    """What a scan of a CSV file's raw lines found."""

    lines: int = 0  # lines holding something besides separators and spaces
    first_filled_line: int | None = None


_BLANK = b" \t\r\n,;\"'"


def check_csv(fileobj: BinaryIO, limits: SheetLimits | None = None) -> CsvShape:
    """Refuse a CSV file with too long a line, too many columns or rows, from its raw bytes.

    Columns are estimated by counting separators (comma, semicolon or tab, whichever is most
    frequent on the line), so a quoted text holding separators counts them too: the limit is
    far above what a register needs. Raises ``LimitExceeded``; returns the shape found.
    """
    limits = limits or SheetLimits.from_settings()
    head = peek(fileobj)
    if head == ZIP_MAGIC:
        raise LimitExceeded(workbook_named_csv_message())
    if head.startswith(UTF16_BOMS):
        raise LimitExceeded(
            _(
                "This file is saved as “Unicode Text” (UTF-16), which cannot be read. Open it "
                "in Excel and save it as “CSV UTF-8” or as .xlsx, then upload that file."
            )
        )
    shape = CsvShape()
    fileobj.seek(0)
    line_number = 1
    length = 0
    separators = [0, 0, 0]
    filled = False
    while chunk := fileobj.read(_SCAN_CHUNK):
        pieces = chunk.split(b"\n")
        for index, piece in enumerate(pieces):
            length += len(piece)
            separators[0] += piece.count(b",")
            separators[1] += piece.count(b";")
            separators[2] += piece.count(b"\t")
            filled = filled or bool(piece.strip(_BLANK))
            if length > limits.csv_line_bytes:
                raise LimitExceeded(
                    _(
                        "Line %(line)s of the CSV file is longer than %(limit)s KB. Check that "
                        "the file holds one row per line, or open it in Excel and save it as "
                        ".xlsx, then upload that file."
                    )
                    % {"line": number(line_number), "limit": number(limits.csv_line_bytes // 1024)}
                )
            if max(separators) + 1 > limits.columns:
                raise LimitExceeded(
                    _(
                        "Line %(line)s of the CSV file has more than %(limit)s columns. Delete "
                        "the unused columns, or copy only the columns you need into a new file."
                    )
                    % {"line": number(line_number), "limit": number(limits.columns)}
                )
            if index == len(pieces) - 1:
                break  # the line goes on in the next chunk
            _end_line(shape, line_number, filled, limits)
            line_number += 1
            length, separators, filled = 0, [0, 0, 0], False
    if length or filled:
        _end_line(shape, line_number, filled, limits)
    fileobj.seek(0)
    return shape


def _end_line(shape: CsvShape, line_number: int, filled: bool, limits: SheetLimits) -> None:
    if not filled:
        return
    shape.lines += 1
    if shape.first_filled_line is None:
        shape.first_filled_line = line_number
    if shape.lines > limits.rows:
        raise LimitExceeded(
            _(
                "The file has more than %(limit)s rows; at most %(limit)s rows can be imported "
                "at once. Split it into several files and upload each part."
            )
            % {"limit": number(limits.rows)}
        )


def check_spreadsheet(fileobj: BinaryIO, filename: str) -> CsvShape | None:
    """The checks for a file's kind, by its name's extension (.csv, else a workbook)."""
    if (filename or "").lower().rstrip().endswith(".csv"):
        return check_csv(fileobj)
    check_workbook(fileobj)
    return None
