"""Reading rows from the spreadsheets people actually have (.xlsx and .csv).

Real registers carry title rows and merged cells above the header, headers in another order or
wording, and cells typed as text. ``read_table`` finds the header row by the expected columns and
yields each data row as a dict keyed by our column names, with its spreadsheet row number.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from baovetreem.core.text import clean_text, normalize_name

MAX_UPLOAD_BYTES = int(getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)) * 1024 * 1024
HEADER_SEARCH_ROWS = 30


class TableError(Exception):
    """The file cannot be read as a table; the message says why, in the user's language."""


@dataclass
class Column:
    """A column we expect, with the header spellings that mean it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def matches(self, header: str) -> bool:
        wanted = {header_key(self.label), *(header_key(a) for a in self.aliases)}
        return header_key(header) in wanted


_HEADER_MARKS = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """A heading as compared: normalised, with punctuation and line breaks taken for spaces.

    "Họ tên cha/mẹ", "HỌ TÊN CHA - MẸ" and "Họ tên\ncha, mẹ (*)" are one heading.
    """
    return " ".join(_HEADER_MARKS.split(normalize_name(text))).strip()


@dataclass
class Table:
    """The header found and an iterator of (row number, values by column key)."""

    header_row: int
    mapping: dict[str, int]
    rows: Iterator[tuple[int, dict[str, object]]]
    missing: list[Column] = field(default_factory=list)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def _iter_raw_rows(upload, filename: str) -> Iterator[list[object]]:
    name = filename.lower()
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise TableError(
            _("The file is %(size)d MB; the limit is %(limit)d MB. Split it and upload each part.")
            % {"size": size // (1024 * 1024), "limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    from baovetreem.core.sheet_limits import check_spreadsheet

    # Bombs are refused from the archive's directory or the raw lines, before any parsing.
    if name.endswith((".csv", ".xlsx", ".xlsm")):
        check_spreadsheet(getattr(upload, "file", None) or upload, filename)
    if name.endswith(".csv"):
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1258", "latin-1"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        yield from csv.reader(io.StringIO(text), dialect)
        return
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise TableError(
                _(
                    "This file is not a readable Excel workbook (.xlsx). Open it in Excel and save it again as .xlsx."  # noqa: E501
                )
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()
        return
    raise TableError(_("Only .xlsx and .csv files can be imported."))


def read_table(upload, filename: str, columns: list[Column]) -> Table:
    """Locate the header row among the first rows and map our columns to its positions."""
    raw_rows = _iter_raw_rows(upload, filename)
    best: tuple[int, dict[str, int]] | None = None
    row_number = 0
    for row_number, row in enumerate(raw_rows, start=1):
        mapping: dict[str, int] = {}
        for index, cell in enumerate(row):
            text = _cell_text(cell)
            if not text:
                continue
            for column in columns:
                if column.key not in mapping and column.matches(text):
                    mapping[column.key] = index
        required = [c for c in columns if c.required]
        if mapping and all(c.key in mapping for c in required):
            best = (row_number, mapping)
            break
        if row_number >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        labels = ", ".join(f"“{c.label}”" for c in columns if c.required)
        raise TableError(
            _("No header row with the columns %(labels)s was found in the first %(n)d rows.")
            % {"labels": labels, "n": HEADER_SEARCH_ROWS}
        )
    header_row, mapping = best

    def data_rows() -> Iterator[tuple[int, dict[str, object]]]:
        number = header_row
        for row in raw_rows:
            number += 1
            values = {key: (row[idx] if idx < len(row) else None) for key, idx in mapping.items()}
            if all(_cell_text(v) == "" for v in values.values()):
                continue
            yield number, values

    missing = [c for c in columns if c.key not in mapping]
    return Table(header_row=header_row, mapping=mapping, rows=data_rows(), missing=missing)


def cell_text(value: object) -> str:
    """A cell as clean text (numbers without ".0", spaces collapsed, Unicode composed)."""
    return _cell_text(value)


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date cell or text typed as dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value).replace(".", "/").replace("-", "/")
    for fmt in ("%d/%m/%Y", "%Y/%m/%d", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# Excel counts days from 30/12/1899 (its serial 60 is a 29/02/1900 that never was).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers read as dates: 1927 to 2099. A smaller number is a slip, a 4-digit one a year.
SERIAL_RANGE = (10_000, 73_050)
_MONTH_YEAR = re.compile(r"^(?:thang|t)?\s*(\d{1,2})\s*(?:[/.\-]|nam)\s*(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[/.\-](\d{1,2})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class DateReading:
    """A date read from a cell: the day stored, how precisely it is known, and how it was read.

    ``precision`` is "day", "month" (stored as the 1st) or "year" (stored as 1 January), as
    the register's ``DatePrecision``; ``serial`` is the Excel serial number it was read from.
    """

    date: dt.date
    precision: str = "day"
    serial: int | None = None


def _from_serial(number: float) -> DateReading:
    serial = int(number)
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise ValueError(str(number))
    return DateReading(EXCEL_EPOCH + dt.timedelta(days=serial), "day", serial)


def read_date(value: object) -> DateReading | None:
    """A date from a cell as registers hold them; None for an empty cell, ValueError if none.

    Beside what ``parse_date`` reads: an Excel serial number (a number cell, or its digits in
    a text cell or a CSV file: "43525" is 01/03/2019), a month and year ("3/2019",
    "tháng 3/2019", "2019-03") and a year alone ("2019").
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return DateReading(parse_date(value))
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        if isinstance(value, int) and 1900 <= value <= 2100:
            return DateReading(dt.date(value, 1, 1), "year")
        return _from_serial(value)
    text = _cell_text(value)
    if not text:
        return None
    plain = normalize_name(text)
    if match := _YEAR.match(plain):
        year = int(match.group(1))
        if not 1900 <= year <= 2100:
            raise ValueError(text)
        return DateReading(dt.date(year, 1, 1), "year")
    if _NUMBER.match(text):
        return _from_serial(float(text.replace(",", ".")))
    month_year = _MONTH_YEAR.match(plain) or _YEAR_MONTH.match(plain)
    if month_year:
        first, second = (int(part) for part in month_year.groups())
        month, year = (first, second) if month_year.re is _MONTH_YEAR else (second, first)
        if not 1 <= month <= 12 or not 1900 <= year <= 2100:
            raise ValueError(text)
        return DateReading(dt.date(year, month, 1), "month")
    return DateReading(parse_date(text))
