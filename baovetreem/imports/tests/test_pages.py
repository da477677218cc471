"""The job list, the status page and its polled progress box, and the files handed back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from baovetreem.imports.models import ImportJob, ImportRowError, ImportStatus
from baovetreem.imports.tests.helpers import stored_files, upload


def _job(user, status=ImportStatus.DONE, **fields) -> ImportJob:
    return ImportJob.objects.create(
        created_by=user,
        importer_key="tests.villages",
        original_filename=fields.pop("original_filename", "so.xlsx"),
        status=status,
        **fields,
    )


def _problems(job, count: int) -> None:
    ImportRowError.objects.bulk_create(
        ImportRowError(job=job, row_number=n + 2, column="Mã thôn", message=f"Lỗi {n}")
        for n in range(count)
    )


def test_job_list_uses_a_constant_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("xa1")
    _job(world.xa1)
    with django_assert_max_num_queries(10) as few:
        assert client.get("/imports/").status_code == 200
    for n in range(20):
        _job(world.xa1, original_filename=f"so-{n}.xlsx", error_rows=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/imports/").content.decode()
    assert "so-19.xlsx" in body


def test_status_page_uses_a_constant_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("xa1")
    small, large = _job(world.xa1), _job(world.xa1)
    _problems(small, 2)
    _problems(large, 300)
    # 10 to read the page, and the insert of its audit event.
    with django_assert_max_num_queries(11) as few:
        assert client.get(f"/imports/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/imports/{large.pk}/?page=2")
    assert page.context["page"].number == 2 and len(page.context["page"]) == 50
    assert "Lỗi 50" in page.content.decode()


def test_progress_box_polls_while_running_and_stops_when_finished(world, client_for):
    client = client_for("xa1")
    job = _job(
        world.xa1,
        ImportStatus.VALIDATING,
        started_at=timezone.now(),
        total_rows=1000,
        processed_rows=250,
    )
    body = client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in body and f"/imports/{job.pk}/progress/" in body
    assert 'value="25"' in body  # progress bar at 25 %
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, stored_rows=1000)
    polled = client.get(f"/imports/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert "hx-trigger" not in polled.content.decode()
    assert polled["HX-Refresh"] == "true"  # reload once to show the outcome and problems
    assert "HX-Refresh" not in client.get(f"/imports/{job.pk}/progress/")


def test_a_job_without_progress_for_long_says_the_worker_may_be_stopped(world, client_for):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _job(world.xa1, ImportStatus.VALIDATING)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert "worker may be stopped" in client.get(f"/imports/{job.pk}/").content.decode()


def test_unfinished_setup_steps_redirect_from_the_status_page(world, client_for):
    client = client_for("xa1")
    uploaded = _job(world.xa1, ImportStatus.UPLOADED)
    mapped = _job(world.xa1, ImportStatus.MAPPED)
    assert client.get(f"/imports/{uploaded.pk}/")["Location"] == f"/imports/{uploaded.pk}/columns/"
    assert client.get(f"/imports/{mapped.pk}/")["Location"] == f"/imports/{mapped.pk}/preview/"


def test_errors_download_lists_row_column_and_problem(world, client_for):
    job = _job(world.xa1)
    _problems(job, 3)
    ImportRowError.objects.create(
        job=job, row_number=9, column="Ngày thành lập", message="Thiếu ngày", kind="warning"
    )
    response = client_for("xa1").get(f"/imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"loi-nhap-{job.pk}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][:3] == (2, "Mã thôn", "Lỗi 0")
    assert rows[4][:3] == (9, "Ngày thành lập", "Thiếu ngày")
    assert sheet["A1"].font.b


def test_template_has_bold_headings_and_the_example_rows(client_for):
    response = client_for("xa1").get("/imports/template/tests.villages.xlsx")
    assert response.status_code == 200
    assert 'filename="mau-nhap-tests-villages.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã xã", "Mã thôn", "Tên thôn", "Ngày thành lập")
    assert all(cell.font.b for cell in sheet[1])
    assert rows[1] == ("22001", "T10", "Thôn Mười", "01/01/2020")
    assert len(workbook.worksheets) == 2  # the column guide


@pytest.mark.usefixtures("immediate_tasks")
def test_the_template_itself_imports_cleanly(world, client_for):
    client = client_for("xa1")
    content = client.get("/imports/template/tests.villages.xlsx").content
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        "/imports/new/tests.villages/",
        {"file": SimpleUploadedFile("mau.xlsx", content), "mode": "all_or_nothing"},
    )
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/start/")
    job.refresh_from_db()
    assert job.status == "done" and job.stored_rows == 2


def test_discarding_an_unstarted_job_deletes_it_and_its_file(world, client_for, private_storage):
    client = client_for("xa1")
    upload(client, [["22001", "T10", "Thôn Mười", ""]])
    job = ImportJob.objects.get()
    assert len(stored_files(private_storage)) == 1
    assert client.post(f"/imports/{job.pk}/discard/")["Location"] == "/imports/"
    assert not ImportJob.objects.exists() and stored_files(private_storage) == []


def test_preview_shows_values_as_read_and_errors_under_their_column(world, client_for):
    client = client_for("xa1")
    upload(
        client,
        [["22001", "T10", "Thôn Mười", dt.datetime(2020, 2, 1)], ["22009", "", "Thôn", "xx"]],
    )
    job = ImportJob.objects.get()
    page = client.get(f"/imports/{job.pk}/preview/")
    first, second = page.context["rows"]
    assert [c.text for c in first.cells] == ["22001", "T10", "Thôn Mười", "01/02/2020"]
    assert not first.has_errors
    assert [bool(c.errors) for c in second.cells] == [True, True, False, True]
    assert 'value="valid_rows" id="id_mode_0" checked' in page.content.decode()


def test_job_pages_work_without_leaking_a_traceback_after_a_failure(world, client_for):
    job = _job(world.xa1, ImportStatus.FAILED, message="The import stopped. Nothing was stored.")
    body = client_for("xa1").get(f"/imports/{job.pk}/").content.decode()
    assert "Nothing was stored" in body and "Traceback" not in body
