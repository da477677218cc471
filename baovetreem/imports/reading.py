"""Streaming the rows of an uploaded .xlsx, .xls or .csv file, with flat memory.

``core.tabular.read_table`` finds the header (spelling, order, title rows, merged cells); this
module feeds it the first rows of the file and then streams the data rows itself, so that a
100,000-row register is read one row at a time in both passes of an import, and so that the
rows can also be read with a header row and column mapping the user chose by hand.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from baovetreem.core import sheet_limits, tabular
from baovetreem.core.sheet_limits import CsvShape, SheetLimits
from baovetreem.core.tabular import Column, TableError, cell_text

ALLOWED_EXTENSIONS = (".xlsx", ".xls", ".csv")
_CHUNK = 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576  # no sheet has more; a file claiming more is not a spreadsheet


def extension_of(filename: str) -> str:
    """The lower-case extension of a file name, with its dot ("" when none)."""
    name = (filename or "").lower().rstrip()
    dot = name.rfind(".")
    return name[dot:] if dot > -1 else ""


def check_filename(filename: str) -> None:
    """Refuse files that are not .xlsx or .csv, with a message that says what to do."""
    extension = extension_of(filename)
    if extension in ALLOWED_EXTENSIONS:
        return
    if extension in {".xlsb", ".ods"}:
        raise TableError(
            _(
                "Files of type %(ext)s cannot be read. Open the file in Excel and save it "
                "as “Excel Workbook (.xlsx)”, then upload that file."
            )
            % {"ext": extension}
        )
    raise TableError(
        _(
            "Only Excel files (.xlsx or .xls) and .csv files can be imported. Choose an .xlsx, "
            ".xls or .csv file."
        )
    )


def too_big_message(size: int | None = None) -> str:
    """The message shown when a file is over the upload limit."""
    limit_mb = tabular.MAX_UPLOAD_BYTES // (1024 * 1024)
    if size is None:
        return _(
            "The file is larger than the limit of %(limit)d MB. Split it into several files "
            "and upload each part."
        ) % {"limit": max(limit_mb, 1)}
    return _(
        "The file is %(size)d MB; the limit is %(limit)d MB. Split it and upload each part."
    ) % {
        "size": max(size // (1024 * 1024), 1),
        "limit": max(limit_mb, 1),
    }


def _csv_encoding(fileobj: BinaryIO) -> str:
    """UTF-8 when the whole file is valid UTF-8, else Windows Vietnamese (cp1258).

    Checked over the whole file, chunk by chunk: a register whose first rows are plain ASCII
    and whose names further down are cp1258 must not be read as UTF-8. A file that is neither
    is refused with a message: read as anything else, its names would be garbled.
    """
    for encoding in ("utf-8-sig", "cp1258"):
        decoder = codecs.getincrementaldecoder(encoding)()
        fileobj.seek(0)
        try:
            while chunk := fileobj.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            fileobj.seek(0)
        return encoding
    raise TableError(
        _(
            "The letters of this file cannot be read: it is neither UTF-8 nor Windows "
            "Vietnamese (cp1258) text. Open it in Excel and save it as “CSV UTF-8” or as "
            ".xlsx, then upload that file."
        )
    )


def check_upload(fileobj: BinaryIO, filename: str) -> CsvShape | None:
    """Refuse a file over a limit or unreadable, without parsing it (see ``core.sheet_limits``).

    Costs milliseconds whatever the file holds, so it may run in the web request; the file
    is read later, by the worker. Returns the shape of a CSV file (None for a workbook).
    """
    check_filename(filename)
    fileobj = getattr(fileobj, "file", None) or fileobj
    if extension_of(filename) == ".csv":
        shape = sheet_limits.check_csv(fileobj)
        _csv_encoding(fileobj)
        return shape
    if extension_of(filename) == ".xls":
        _check_xls(fileobj)
        return None
    sheet_limits.check_workbook(fileobj)
    return None


def not_an_xls_message() -> str:
    return _(
        "This file is not a readable old Excel workbook (.xls). Open it in Excel and save it "
        "as “Excel Workbook (.xlsx)”, then upload that file."
    )


def _check_xls(fileobj: BinaryIO) -> None:
    """Refuse a file named .xls that is not an old Excel workbook (an OLE2 compound file).

    Its size is already within the upload limit; its first sheet's declared size is checked
    by the reading child before any row is read (``_iter_xls``).
    """
    if sheet_limits.peek(fileobj, 8) != XLS_MAGIC:
        raise TableError(not_an_xls_message())


def _iter_csv(fileobj: BinaryIO) -> Iterator[list[object]]:
    sheet_limits.check_csv(fileobj)
    encoding = _csv_encoding(fileobj)
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        sample = text.read(4096)
        text.seek(0)
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        reader = csv.reader(text, dialect)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(
                    _(
                        "Line %(line)d of the CSV file cannot be read (%(problem)s). Open the "
                        "file in Excel and save it again as CSV or .xlsx."
                    )
                    % {"line": reader.line_num, "problem": exc}
                ) from exc
            yield row
    finally:
        # The caller owns the binary file: do not let the wrapper close it.
        text.detach()


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(value: str) -> str:
    """A cell's text with Excel's escapes decoded, as Excel shows it.

    XML cannot hold control characters, so Excel writes one as "_x0007_" (and a literal
    "_x" as "_x005F_x"); openpyxl hands the escape over as typed. Decoded, a control
    character is refused by the importer's checks instead of being stored as "_x0007_".
    """
    if "_x" not in value:
        return value
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)


def _iter_xlsx(fileobj: BinaryIO, info: dict) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    # Before openpyxl unpacks anything: the shared strings are read whole when it opens.
    sheet_limits.check_workbook(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableError(sheet_limits.not_a_workbook_message()) from exc
    try:
        if not workbook.worksheets:
            raise TableError(_("This workbook has no sheet. Put the data on the first sheet."))
        sheet = workbook.worksheets[0]
        # The size the sheet declares is only an estimate for the progress bar: some programs
        # write a wrong one, and openpyxl would stop reading at a size that is too small.
        info["estimated_rows"] = sheet.max_row
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            yield [_ooxml_text(value) if isinstance(value, str) else value for value in row]
    finally:
        workbook.close()


XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: old Excel


def _xls_cell(cell, datemode: int) -> object:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return value  # an odd date number: the importer reads (or refuses) it as a number
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    return value


def _iter_xls(fileobj: BinaryIO, info: dict) -> Iterator[list[object]]:
    """The rows of an old Excel workbook's first sheet (xlrd, only that sheet loaded)."""
    import xlrd

    _check_xls(fileobj)
    limits = SheetLimits.from_settings()
    fileobj.seek(0)
    try:
        # The file is within the upload limit; only the first sheet is parsed (on_demand).
        book = xlrd.open_workbook(
            file_contents=fileobj.read(), on_demand=True, logfile=io.StringIO()
        )
    except MemoryError:
        raise
    except Exception as exc:  # xlrd raises many kinds for a damaged or encrypted file
        if "encrypt" in str(exc).lower():
            raise TableError(sheet_limits.old_excel_message()) from exc
        raise TableError(not_an_xls_message()) from exc
    try:
        if not book.nsheets:
            raise TableError(_("This workbook has no sheet. Put the data on the first sheet."))
        sheet = book.sheet_by_index(0)
        # Before a row is handed on: the sheet's size as xlrd found it.
        if sheet.ncols > limits.columns:
            raise TableError(sheet_limits.too_many_columns_message(sheet.ncols, limits.columns))
        if sheet.nrows > limits.rows + HEADER_ROOM:
            raise TableError(sheet_limits.too_many_rows_message(sheet.nrows, limits.rows))
        info["estimated_rows"] = sheet.nrows
        for index in range(sheet.nrows):
            yield [_xls_cell(cell, book.datemode) for cell in sheet.row(index)]
    finally:
        book.release_resources()


HEADER_ROOM = 100  # title and header rows above the data, beside the data rows' limit


def iter_raw_rows(
    fileobj: BinaryIO, filename: str, info: dict | None = None
) -> Iterator[list[object]]:
    """Every row of the first sheet (or the CSV), from row 1, as a list of raw cells.

    Rows are yielded one at a time; nothing is held but the current row. For workbooks,
    ``info["estimated_rows"]`` receives the row count the sheet declares, once reading starts.
    """
    check_filename(filename)
    # Django wraps files (uploads, storage files); read the file object underneath.
    fileobj = getattr(fileobj, "file", None) or fileobj
    if extension_of(filename) == ".csv":
        return _within_limits(_iter_csv(fileobj))
    if extension_of(filename) == ".xls":
        return _within_limits(_iter_xls(fileobj, info if info is not None else {}))
    return _within_limits(_iter_xlsx(fileobj, info if info is not None else {}))


def _within_limits(rows: Iterator[list[object]]) -> Iterator[list[object]]:
    """The rows, stopped with a message past the row or column limit (blank rows are free)."""
    limits = SheetLimits.from_settings()
    filled = 0
    try:
        for number, row in enumerate(rows, start=1):
            if number > EXCEL_MAX_ROWS:
                raise TableError(sheet_limits.too_many_rows_message(number, limits.rows))
            if len(row) > limits.columns:
                while row and (row[-1] is None or row[-1] == ""):
                    row.pop()
                if len(row) > limits.columns:
                    raise TableError(
                        sheet_limits.too_many_columns_message(len(row), limits.columns)
                    )
            if any(value is not None and value != "" for value in row):
                filled += 1
                if filled > limits.rows:
                    raise TableError(sheet_limits.too_many_rows_message(filled, limits.rows))
            yield row
    finally:
        rows.close()


def head_rows(fileobj: BinaryIO, filename: str, limit: int) -> list[list[object]]:
    """The first ``limit`` rows of the file (raises ``TableError`` for unreadable files)."""
    rows: list[list[object]] = []
    iterator = iter_raw_rows(fileobj, filename)
    try:
        for row in iterator:
            rows.append(row)
            if len(rows) >= limit:
                break
    finally:
        iterator.close()
    return rows


@dataclass
class HeaderGuess:
    """Where the header seems to be, and which of our columns were recognised there."""

    header_row: int | None  # None when the first rows are all empty
    mapping: dict[str, int]  # our column key → 0-based position in the row
    complete: bool  # every required column was found: no need to ask the user


def _as_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")


def guess_header(rows: list[list[object]], columns: list[Column]) -> HeaderGuess:
    """Find the header among the first rows with ``read_table``; else the best partial match.

    ``read_table`` is given the first rows as an in-memory CSV, so its rules (spellings,
    order, title rows) decide; when it finds no row holding every required column, the row
    matching the most columns (or the first non-empty row) is proposed for the user to map.
    """
    try:
        table = tabular.read_table(io.BytesIO(_as_csv(rows)), "head.csv", columns)
    except TableError:
        pass
    else:
        return HeaderGuess(header_row=table.header_row, mapping=table.mapping, complete=True)
    # With no heading recognised, propose the first row as wide as the widest: titles above
    # a header fill one cell, the header fills them all.
    widths = [sum(1 for value in row if cell_text(value)) for row in rows]
    widest = max(widths, default=0)
    best_row = next((n for n, w in enumerate(widths, start=1) if w == widest and w), None)
    best_mapping: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        texts = [cell_text(value) for value in row]
        mapping: dict[str, int] = {}
        for index, text in enumerate(texts):
            if not text:
                continue
            for column in columns:
                if column.key not in mapping and column.matches(text):
                    mapping[column.key] = index
        if len(mapping) > len(best_mapping):
            best_row, best_mapping = number, mapping
    return HeaderGuess(header_row=best_row, mapping=best_mapping, complete=False)


def header_cells(rows: list[list[object]], header_row: int | None) -> list[str]:
    """The header row's cells as text (trailing empty cells dropped)."""
    if not header_row or header_row > len(rows):
        return []
    texts = [cell_text(value) for value in rows[header_row - 1]]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def iter_data_rows(
    fileobj: BinaryIO,
    filename: str,
    header_row: int,
    mapping: dict[str, int],
    keys: list[str],
    info: dict | None = None,
) -> Iterator[tuple[int, dict[str, object]]]:
    """(spreadsheet row number, raw cell by column key) for each non-empty row below the header.

    Every key of ``keys`` is present (None when the column is not mapped). Rows whose mapped
    cells are all empty are skipped, as ``read_table`` does.
    """
    yield from data_rows(iter_raw_rows(fileobj, filename, info), header_row, mapping, keys)


def data_rows(
    raw: Iterator[list[object]], header_row: int, mapping: dict[str, int], keys: list[str]
) -> Iterator[tuple[int, dict[str, object]]]:
    """``iter_data_rows`` over rows already read (from a child process, or a stored sample)."""
    raw = iter(raw)
    try:
        for number, row in enumerate(raw, start=1):
            if number <= header_row:
                continue
            values: dict[str, object] = dict.fromkeys(keys)
            blank = True
            for key, index in mapping.items():
                value = row[index] if index < len(row) else None
                values[key] = value
                if blank and cell_text(value) != "":
                    blank = False
            if not blank:
                yield number, values
    finally:
        close = getattr(raw, "close", None)
        if close is not None:
            close()


def count_csv_lines(fileobj: BinaryIO) -> int:
    """The number of lines of a CSV file, counted in chunks (an estimate of its rows)."""
    fileobj.seek(0)
    lines, last = 0, b""
    while chunk := fileobj.read(_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk
    fileobj.seek(0)
    return lines + (1 if last and not last.endswith(b"\n") else 0)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column position (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# -- the first rows kept on a job, as JSON ----------------------------------------------------

SAMPLE_CELL_CHARS = 1000  # more than any column we read holds: checks come out the same
SAMPLE_MAX_CHARS = 4_000_000  # the sample stops growing past this many characters
_TYPED = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}


def _sample_cell(value: object) -> object:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value[:SAMPLE_CELL_CHARS]
    for name, kind in _TYPED.items():
        if isinstance(value, kind):
            return {name: value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"seconds": value.total_seconds()}
    return str(value)[:SAMPLE_CELL_CHARS]


def _cell_from_sample(value: object) -> object:
    if not isinstance(value, dict):
        return value
    if "seconds" in value:
        return dt.timedelta(seconds=value["seconds"])
    for name, kind in _TYPED.items():
        if name in value:
            return kind.fromisoformat(value[name])
    return None


def rows_to_sample(rows: list[list[object]]) -> list[list[object]]:
    """The first rows of a file as JSON-safe lists (dates kept as dates), size-bounded."""
    sample: list[list[object]] = []
    size = 0
    for row in rows:
        cells = [_sample_cell(value) for value in row]
        size += sum(len(cell) if isinstance(cell, str) else 8 for cell in cells)
        if size > SAMPLE_MAX_CHARS:
            break
        sample.append(cells)
    return sample


def rows_from_sample(sample: list[list[object]]) -> list[list[object]]:
    """The rows kept by ``rows_to_sample``, with their dates and times back."""
    return [[_cell_from_sample(value) for value in row] for row in sample or []]
