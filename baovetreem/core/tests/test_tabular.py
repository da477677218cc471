import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from baovetreem.core.tabular import Column, TableError, parse_date, read_table

COLUMNS = [
    Column("code", "Mã thôn"),
    Column("name", "Tên thôn"),
    Column("x", "Ghi chú", required=False),
]


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    ws.merge_cells("A1:C1")
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("so.xlsx", buffer.getvalue())


def test_header_found_below_title_rows_and_merged_cells_in_any_order():
    upload = _xlsx(
        [
            ["SỔ THEO DÕI"],
            [],
            ["TEN THON", "ma  thôn"],
            ["Thôn 1", 1.0],
            [None, None],
            ["Thôn 2", "T2"],
        ]
    )
    table = read_table(upload, upload.name, COLUMNS)
    assert table.header_row == 3
    rows = list(table.rows)
    assert [n for n, _ in rows] == [4, 6]
    assert rows[0][1]["code"] == 1.0 and rows[1][1]["name"] == "Thôn 2"
    assert [c.key for c in table.missing] == ["x"]


def test_csv_with_semicolons_and_bom():
    data = "\ufeffMã thôn;Tên thôn\nT1;Thôn 1\n".encode()
    table = read_table(SimpleUploadedFile("a.csv", data), "a.csv", COLUMNS)
    assert list(table.rows) == [(2, {"code": "T1", "name": "Thôn 1"})]


def test_not_a_spreadsheet_gives_a_clear_message():
    with pytest.raises(TableError, match="xlsx"):
        read_table(SimpleUploadedFile("a.xlsx", b"not a zip"), "a.xlsx", COLUMNS)


def test_missing_header_is_reported():
    with pytest.raises(TableError):
        read_table(SimpleUploadedFile("a.csv", b"a,b\n1,2\n"), "a.csv", COLUMNS)


def test_parse_date_accepts_text_and_excel_dates():
    assert parse_date("5/3/2020") == dt.date(2020, 3, 5)
    assert parse_date("05-03-2020") == dt.date(2020, 3, 5)
    assert parse_date(dt.datetime(2020, 3, 5, 0, 0)) == dt.date(2020, 3, 5)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("31/02/2020")
