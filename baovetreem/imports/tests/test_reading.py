"""Streaming rows out of the files people have: encodings, sheet sizes, headers."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from baovetreem.core.tabular import Column, TableError
from baovetreem.imports.pipeline import RowSet
from baovetreem.imports.reading import (
    column_letter,
    guess_header,
    head_rows,
    iter_data_rows,
    iter_raw_rows,
)
from baovetreem.imports.tests.helpers import cp1258_bytes, xlsx_bytes

COLUMNS = [Column("code", "Mã thôn"), Column("name", "Tên thôn"), Column("x", "Ghi chú", (), False)]


def test_csv_with_bom_and_utf8_is_read_as_text():
    data = "\ufeffMã thôn,Tên thôn\nT1,Thôn Một\n".encode()
    assert list(iter_raw_rows(io.BytesIO(data), "a.csv")) == [
        ["Mã thôn", "Tên thôn"],
        ["T1", "Thôn Một"],
    ]


def test_csv_in_cp1258_is_decoded_even_when_the_first_lines_are_plain_ascii():
    data = b"code,name\n" * 3000 + cp1258_bytes("T9,Thôn Ngọc Đình\n")
    rows = list(iter_raw_rows(io.BytesIO(data), "a.csv"))
    assert len(rows) == 3001
    import unicodedata

    assert unicodedata.normalize("NFC", rows[-1][1]) == "Thôn Ngọc Đình"


def test_workbook_declaring_a_wrong_size_is_read_to_its_last_row():
    content = xlsx_bytes([["Mã thôn", "Tên thôn"], *[[f"T{n}", f"Thôn {n}"] for n in range(50)]])
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B3"', data)
                assert b'ref="A1:B3"' in data
            zout.writestr(item, data)
    info: dict = {}
    rows = list(
        iter_data_rows(
            io.BytesIO(target.getvalue()), "a.xlsx", 1, {"code": 0, "name": 1}, ["code"], info
        )
    )
    assert len(rows) == 50 and rows[-1] == (51, {"code": "T49", "name": "Thôn 49"})
    assert info["estimated_rows"] == 3  # what the file claims; only used for the progress bar


def test_data_rows_keep_spreadsheet_numbers_and_skip_blank_rows():
    content = xlsx_bytes(
        [["TIÊU ĐỀ"], [], ["Tên thôn", "Mã thôn"], ["Thôn 1", 1.0], [None, None], ["Thôn 2", "T2"]]
    )
    rows = list(
        iter_data_rows(
            io.BytesIO(content), "a.xlsx", 3, {"code": 1, "name": 0}, ["code", "name", "x"]
        )
    )
    assert rows == [
        (4, {"code": 1, "name": "Thôn 1", "x": None}),
        (6, {"code": "T2", "name": "Thôn 2", "x": None}),
    ]


def test_excel_dates_stay_dates():
    content = xlsx_bytes([["Mã thôn", "Tên thôn"], ["T1", dt.datetime(2020, 1, 2)]])
    [(_, values)] = iter_data_rows(io.BytesIO(content), "a.xlsx", 1, {"code": 0, "name": 1}, [])
    assert values["name"] == dt.datetime(2020, 1, 2)


def test_header_is_found_below_titles_with_read_tables_rules():
    rows = head_rows(
        io.BytesIO(xlsx_bytes([["SỔ"], [], ["ghi chu", "TEN THON", "ma  thôn"], ["a", "b", "c"]])),
        "a.xlsx",
        30,
    )
    guess = guess_header(rows, COLUMNS)
    assert guess.complete and guess.header_row == 3
    assert guess.mapping == {"x": 0, "name": 1, "code": 2}


def test_partial_header_proposes_the_best_row_for_the_user_to_finish():
    rows = [["SỔ"], ["STT", "Tên thôn", "Số hiệu"], ["1", "Thôn 1", "T1"]]
    guess = guess_header(rows, COLUMNS)
    assert not guess.complete and guess.header_row == 2 and guess.mapping == {"name": 1}


def test_unreadable_files_raise_a_table_error():
    with pytest.raises(TableError):
        head_rows(io.BytesIO(b"garbage"), "a.xlsx", 30)
    with pytest.raises(TableError):
        list(iter_raw_rows(io.BytesIO(b""), "a.ods"))


def test_column_letters_and_row_bitmap():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
    rows = RowSet()
    for n in (0, 7, 8, 1_048_576):
        rows.add(n)
    assert all(n in rows for n in (0, 7, 8, 1_048_576))
    assert not any(n in rows for n in (1, 9, 1_048_575, 5_000_000))
