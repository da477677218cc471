"""Spreadsheet bombs: refused from their directory or raw lines before any parsing, and the
reading itself done by the worker in a child process with a memory and time budget."""

from __future__ import annotations

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.core.tabular import TableError
from baovetreem.imports import reading
from baovetreem.imports.isolation import ReadLimits, rows_in_child
from baovetreem.imports.models import ImportJob
from baovetreem.imports.tests.helpers import (
    HEADER,
    read_uploads,
    stored_files,
    upload,
    xlsx_bytes,
)
from baovetreem.locations.models import Location

URL = "/imports/new/tests.villages/"
MB = 1024 * 1024
ROWS = [["22001", f"T{n}", f"Thôn {n}", ""] for n in range(90, 95)]


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if openpyxl is asked to open a workbook or the csv module to parse."""
    calls = []

    def load_workbook(*args, **kwargs):
        calls.append("load_workbook")
        raise AssertionError("the workbook was parsed")

    def csv_reader(*args, **kwargs):
        calls.append("csv.reader")
        raise AssertionError("the CSV file was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", load_workbook)
    monkeypatch.setattr(reading.csv, "reader", csv_reader)
    return calls


def _post(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "mode": "valid_rows"})


def _refused(response, private_storage, no_parsing, text: str) -> None:
    assert response.status_code == 200
    body = response.content.decode()
    assert text in body, re.sub(r"\s+", " ", body)[-2500:]
    assert ImportJob.objects.count() == 0
    assert stored_files(private_storage) == []
    assert no_parsing == []


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _rezip(
    content: bytes, replace: dict[str, bytes] | None = None, add=None, shared_strings=False
) -> bytes:
    """The workbook with some parts replaced, and ``add(zip)`` writing more parts.

    With ``shared_strings``, ``add`` writes a shared-strings table that the workbook declares,
    as Excel's workbooks do.
    """
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if replace and item.filename in replace:
                data = replace[item.filename]
            if shared_strings and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE)
            zout.writestr(item.filename, data)
        if add:
            add(zout)
    return target.getvalue()


def _with_shared_strings(table: bytes) -> bytes:
    return _rezip(
        _register(),
        add=lambda zout: zout.writestr("xl/sharedStrings.xml", table),
        shared_strings=True,
    )


def _register() -> bytes:
    return xlsx_bytes([HEADER, *ROWS])


SST_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
)


def _shared_strings_bomb(megabytes: int) -> bytes:
    """A workbook of a few hundred KB whose shared-strings table unpacks to ``megabytes``."""

    def add(zout):
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            # The counts it declares are small: the size alone gives it away.
            table.write(SST_OPEN + b'count="4" uniqueCount="4">')
            block = b"<si><t>Nguyen Van A</t></si>" * (MB // 28)
            for _ in range(megabytes):
                table.write(block)
            table.write(b"</sst>")

    return _rezip(_register(), add=add, shared_strings=True)


# -- refused at the upload, before any parsing ------------------------------------------------


def test_a_shared_strings_bomb_is_refused_before_it_is_parsed(
    client_for, private_storage, no_parsing
):
    bomb = _shared_strings_bomb(150)
    assert len(bomb) < 1 * MB  # a small upload, far under the upload limit
    response = _post(client_for("xa1"), "so.xlsx", bomb)
    _refused(response, private_storage, no_parsing, "phần chứa chữ của bảng tính này nặng 150 MB")
    assert "giới hạn là 100 MB" in response.content.decode()


def test_a_workbook_unpacking_past_the_limit_is_refused(
    client_for, private_storage, no_parsing, settings
):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 20
    bomb = _rezip(_register(), add=lambda zout: zout.writestr("xl/media/a.xml", b"<a/>" * MB * 8))
    response = _post(client_for("xa1"), "so.xlsx", bomb)
    _refused(response, private_storage, no_parsing, "Khi giải nén, bảng tính này chứa 33 MB")


def test_a_shared_strings_table_declaring_millions_of_texts_is_refused(
    client_for, private_storage, no_parsing
):
    table = SST_OPEN + b'count="9000000" uniqueCount="5000000"><si><t>a</t></si></sst>'
    bomb = _with_shared_strings(table)
    response = _post(client_for("xa1"), "so.xlsx", bomb)
    _refused(response, private_storage, no_parsing, "đoạn văn bản khác nhau")


def test_a_workbook_whose_dimension_claims_five_million_rows_is_refused(
    client_for, private_storage, no_parsing
):
    content = _register()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D5000000"', sheet)
    bomb = _rezip(content, {"xl/worksheets/sheet1.xml": sheet})
    response = _post(client_for("xa1"), "so.xlsx", bomb)
    _refused(response, private_storage, no_parsing, "mỗi lần chỉ nhập được tối đa")
    assert "5.000.000 dòng" in response.content.decode()


def test_a_part_packed_far_tighter_than_data_is_refused(client_for, private_storage, no_parsing):
    def add(zout):
        zout.writestr("docProps/custom.xml", b" " * (20 * MB))

    bomb = _rezip(_register(), add=add)
    response = _post(client_for("xa1"), "so.xlsx", bomb)
    _refused(response, private_storage, no_parsing, "nén chặt bất thường")


def test_a_csv_file_with_one_line_of_ten_megabytes_is_refused(
    client_for, private_storage, no_parsing
):
    content = "Mã xã,Mã thôn,Tên thôn\n".encode() + b"x" * (10 * MB) + b"\n"
    response = _post(client_for("xa1"), "so.csv", content)
    _refused(response, private_storage, no_parsing, "Dòng 2 của tệp CSV dài quá 128 KB")


def test_a_csv_file_with_five_thousand_columns_is_refused(client_for, private_storage, no_parsing):
    line = ",".join(f"c{n}" for n in range(5000)).encode()
    response = _post(client_for("xa1"), "so.csv", line + b"\n" + line + b"\n")
    _refused(response, private_storage, no_parsing, "Dòng 1 của tệp CSV có hơn 256 cột")


def test_a_csv_file_over_the_row_limit_is_refused(
    client_for, private_storage, no_parsing, settings
):
    settings.IMPORT_MAX_ROWS = 100
    content = b"Ma xa,Ma thon,Ten thon\n" + b"22001,T1,Thon\n" * 150
    response = _post(client_for("xa1"), "so.csv", content)
    _refused(response, private_storage, no_parsing, "Tệp có hơn 100 dòng")


def test_a_csv_file_in_an_unknown_encoding_is_refused_clearly(
    client_for, private_storage, no_parsing
):
    content = b"Ma xa,Ma thon,Ten thon\n22001,T1,Th\x81\x8d\n"
    response = _post(client_for("xa1"), "so.csv", content)
    _refused(response, private_storage, no_parsing, "Không đọc được chữ trong tệp này")


# -- the web request stores and queues; pages read what the worker kept ------------------------


def test_the_upload_request_stores_and_queues_without_parsing(
    client_for, private_storage, monkeypatch
):
    calls = []
    original = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(1) or 1 / 0)
    client = client_for("xa1")
    response = _post(client, "thon.xlsx", _register())
    job = ImportJob.objects.get()
    assert calls == [] and job.status == "reading"
    assert response["Location"] == f"/imports/{job.pk}/"
    assert len(stored_files(private_storage)) == 1
    assert "Đang chờ tiến trình nền" in client.get(response["Location"]).content.decode()
    monkeypatch.setattr(openpyxl, "load_workbook", original)
    read_uploads()  # the worker
    job.refresh_from_db()
    assert job.status == "mapped" and job.header_row == 1
    assert client.get(f"/imports/{job.pk}/")["Location"] == f"/imports/{job.pk}/preview/"


def test_preview_and_column_pages_never_parse_the_file_again(client_for, monkeypatch):
    client = client_for("xa1")
    upload(client, ROWS)
    job = ImportJob.objects.get()
    calls = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(1) or 1 / 0)
    for _reload in range(3):
        page = client.get(f"/imports/{job.pk}/preview/")
        assert page.status_code == 200
        assert [row.number for row in page.context["rows"]] == [2, 3, 4, 5, 6]
    assert client.get(f"/imports/{job.pk}/columns/").status_code == 200
    assert calls == []


# -- the worker reads in a child process with a memory and time budget --------------------------


def _greedy(fileobj, info):
    hoard = bytearray(2048 * MB)  # far past the budget given below
    yield [len(hoard)]


def _slow(fileobj, info):
    time.sleep(60)
    yield ["never"]


@pytest.fixture
def small_budget(settings):
    settings.IMPORT_READ_MEMORY_MB = 64
    settings.IMPORT_READ_TIMEOUT_SECONDS = 1


@pytest.mark.parametrize(
    ("parse", "message"),
    [(_greedy, "cần hơn 64 MB bộ nhớ nên đã bị dừng"), (_slow, "mất hơn 1 giây nên đã bị dừng")],
)
def test_a_file_too_heavy_to_read_fails_the_job_with_the_limit_passed(
    world, client_for, private_storage, monkeypatch, small_budget, parse, message
):
    monkeypatch.setattr(reading, "_iter_xlsx", parse)
    client = client_for("xa1")
    _post(client, "thon.xlsx", _register())
    started = time.monotonic()
    read_uploads()
    assert time.monotonic() - started < 30  # the child was stopped, not waited for
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert message in job.message and "Chưa lưu gì" in job.message
    assert "Traceback" not in job.message and "MemoryError" not in job.message
    assert stored_files(private_storage) == [] and job.sample_rows == []
    body = client.get(f"/imports/{job.pk}/").content.decode()
    assert message in body and "Traceback" not in body


@pytest.mark.usefixtures("immediate_tasks")
@pytest.mark.parametrize(
    ("parse", "message"),
    [(_greedy, "cần hơn 64 MB bộ nhớ nên đã bị dừng"), (_slow, "mất hơn 1 giây nên đã bị dừng")],
)
def test_the_import_run_reads_within_the_same_limits(
    world, client_for, monkeypatch, small_budget, parse, message
):
    client = client_for("xa1")
    upload(client, ROWS)
    job = ImportJob.objects.get()
    assert job.status == "mapped"
    monkeypatch.setattr(reading, "_iter_xlsx", parse)
    client.post(f"/imports/{job.pk}/start/")
    job.refresh_from_db()
    assert job.status == "failed" and message in job.message and "Chưa lưu gì" in job.message
    assert not Location.objects.filter(code__in=[row[1] for row in ROWS]).exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_workbook_hiding_its_size_is_stopped_at_the_row_limit(
    world, client_for, settings, private_storage
):
    settings.IMPORT_MAX_ROWS = 60
    rows = [["22001", f"X{n}", f"Thôn {n}", ""] for n in range(80)]
    content = xlsx_bytes([HEADER, *rows])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D3"', sheet)
    client = client_for("xa1")
    _post(client, "thon.xlsx", _rezip(content, {"xl/worksheets/sheet1.xml": sheet}))
    job = ImportJob.objects.get()
    assert job.status == "failed" and "Tệp có 61 dòng" in job.message
    assert stored_files(private_storage) == []
    assert not Location.objects.filter(code__startswith="X").exists()


def test_the_reading_child_passes_rows_and_refuses_what_is_too_heavy():
    limits = ReadLimits(memory_bytes=64 * MB, timeout_seconds=2)

    def rows(info):
        info["estimated_rows"] = 5
        yield ["a"]
        yield [None, ""]
        yield []
        yield ["b", 1]
        yield [None]

    info: dict = {}
    assert list(rows_in_child(rows, info, limits)) == [["a"], [], [], ["b", 1]]
    assert info == {"estimated_rows": 5}
    with pytest.raises(TableError, match="bộ nhớ"):
        list(rows_in_child(lambda info: _greedy(None, info), limits=limits))
    with pytest.raises(TableError, match="giây"):
        list(rows_in_child(lambda info: _slow(None, info), limits=limits))

    def refused(info):
        raise TableError("Tệp không đọc được.")
        yield []

    with pytest.raises(TableError, match="Tệp không đọc được."):
        list(rows_in_child(refused, limits=limits))
