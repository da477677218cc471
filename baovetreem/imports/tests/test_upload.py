"""Uploading: files that cannot be imported are refused clearly, and nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.core import tabular
from baovetreem.imports.models import ImportJob
from baovetreem.imports.tests.helpers import (
    HEADER,
    read_uploads,
    stored_files,
    upload,
    xlsx_bytes,
)

URL = "/imports/new/tests.villages/"


@pytest.fixture
def english(client_for):
    """A commune officer whose pages are in English (the messages' source language)."""
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    return client


def _post(client, name: str, content: bytes, mode: str = "valid_rows"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "mode": mode})


def _refused(response, private_storage, text: str) -> None:
    body = response.content.decode()
    assert text in body, body[-3000:]
    assert ImportJob.objects.count() == 0
    assert stored_files(private_storage) == []


def test_upload_page_offers_the_template_and_both_modes(english):
    body = english.get(URL).content.decode()
    assert "/imports/template/tests.villages.xlsx" in body
    assert 'value="valid_rows"' in body and 'value="all_or_nothing"' in body
    assert (
        'value="valid_rows" checked' in body
        or "checked" in body.split('value="valid_rows"')[1][:40]
    )


def test_a_text_file_named_xlsx_is_refused_clearly(english, private_storage):
    response = _post(english, "so.xlsx", b"this is not a workbook at all")
    assert response.status_code == 200
    _refused(response, private_storage, "not a readable Excel workbook (.xlsx)")


def test_an_old_excel_file_renamed_xlsx_is_refused_clearly(english, private_storage):
    response = _post(english, "so.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    _refused(response, private_storage, "old Excel file (.xls)")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("so.xls", "save it as"),
        ("so.pdf", "Only Excel files (.xlsx or .xls) and .csv files can be imported"),
        ("so", "Only Excel files (.xlsx or .xls) and .csv files can be imported"),
    ],
)
def test_other_kinds_of_file_are_refused(english, private_storage, name, text):
    _refused(_post(english, name, b"%PDF-1.4 something"), private_storage, text)


def test_a_workbook_named_csv_is_refused_clearly(english, private_storage):
    response = _post(english, "so.csv", xlsx_bytes([HEADER]))
    _refused(response, private_storage, "Rename it to .xlsx")


def test_an_empty_file_is_refused(english, private_storage):
    _refused(_post(english, "so.csv", b""), private_storage, "The file is empty")


def test_a_file_with_blank_first_rows_is_refused(english, private_storage):
    _refused(_post(english, "so.csv", b"\n" * 40 + b"a,b\n"), private_storage, "are empty")


def test_a_file_over_the_limit_is_dropped_while_uploading(english, private_storage, monkeypatch):
    # Small enough to pass the request-size check, too big for the limit: the upload
    # handler drops it as the bytes arrive.
    monkeypatch.setattr(tabular, "MAX_UPLOAD_BYTES", 2000)
    response = _post(english, "so.csv", b"Ma xa,Ma thon,Ten thon\n" + b"22001,T1,Thon\n" * 500)
    assert response.status_code == 200
    _refused(response, private_storage, "larger than the limit of")


def test_a_huge_request_is_refused_before_its_body_is_read(english, private_storage, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_UPLOAD_BYTES", 1024)
    read = []
    from django.core.handlers.wsgi import WSGIRequest

    original = WSGIRequest._load_post_and_files

    def spy(self):
        read.append(True)
        return original(self)

    monkeypatch.setattr(WSGIRequest, "_load_post_and_files", spy)
    response = _post(english, "so.csv", b"x" * (200 * 1024))
    assert response.status_code == 413
    assert read == []  # neither the file nor the form fields were parsed
    _refused(response, private_storage, "larger than the limit of")


def test_a_good_file_is_stored_privately_and_goes_to_the_preview(
    client_for, private_storage, settings
):
    client = client_for("xa1")
    response = upload(client, [["22001", "T10", "Thôn Mười", ""]])
    job = ImportJob.objects.get()
    # The worker reads the file after the upload; the status page then leads to the preview.
    assert response["Location"] == f"/imports/{job.pk}/"
    assert client.get(response["Location"])["Location"] == f"/imports/{job.pk}/preview/"
    assert job.status == "mapped" and job.header_row == 1 and job.created_by.username == "xa1"
    assert job.column_mapping == {"commune_code": 0, "code": 1, "name": 2, "founded": 3}
    assert job.original_filename == "thon.xlsx" and job.size > 0
    files = stored_files(private_storage)
    assert len(files) == 1 and files[0].suffix == ".xlsx" and "thon" not in files[0].name
    assert not str(files[0]).startswith(str(settings.STATIC_ROOT))


def test_no_job_is_created_for_a_persona_without_the_permission(client_for, private_storage):
    response = upload(client_for("ctv1"), [["22001", "T10", "Thôn Mười", ""]])
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0 and stored_files(private_storage) == []


def test_upload_still_checks_the_csrf_token(world, private_storage):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.xa1)
    response = upload(client, [["22001", "T10", "Thôn Mười", ""]])
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("name", ["thon.xlsx", "thon.csv"])
def test_uploads_spooled_to_disk_are_read_like_small_ones(client_for, settings, name):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # every upload becomes a temporary file
    rows = [HEADER, *[["22001", f"T{n}", f"Thôn {n}", ""] for n in range(50)]]
    if name.endswith(".csv"):
        content = "\n".join(",".join(row) for row in rows).encode()
    else:
        content = xlsx_bytes(rows)
    client = client_for("xa1")
    response = _post(client, name, content)
    read_uploads()
    job = ImportJob.objects.get()
    assert client.get(response["Location"])["Location"] == f"/imports/{job.pk}/preview/"
    assert job.status == "mapped" and job.size == len(content)
