"""The import run: what is stored in each mode, what is listed, and what a crash leaves."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.accounts.models import RoleAssignment
from baovetreem.audit.models import AuditEvent
from baovetreem.imports import pipeline
from baovetreem.imports.models import ImportJob
from baovetreem.imports.tests.helpers import cp1258_bytes, run_worker, stored_files, upload
from baovetreem.imports.tests.village_importer import VillageImporter
from baovetreem.locations.models import Level, Location

pytestmark = pytest.mark.usefixtures("immediate_tasks")
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _villages(world, *codes):
    return Location.objects.filter(parent=world.C1, level=Level.VILLAGE, code__in=codes)


def _start(client, job, mode=None):
    data = {"mode": mode} if mode else {}
    response = client.post(f"/imports/{job.pk}/start/", data)
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def _upload_and_run(client, rows, mode="valid_rows", **kwargs) -> ImportJob:
    response = upload(client, rows, mode=mode, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("id")
    assert response["Location"] == f"/imports/{job.pk}/preview/"
    assert client.get(response["Location"]).status_code == 200
    return _start(client, job)


def _problems(job, kind="error") -> set[tuple[int, str]]:
    return set(job.row_errors.filter(kind=kind).values_list("row_number", "column"))


GOOD_AND_BAD = [
    ["22001", "T10", "Thôn Mười", "01/02/2020"],  # row 2: fine
    ["22002", "T11", "Thôn Lạ", ""],  # row 3: commune of xa2, outside xa1's scope
    ["22001", "", "", ""],  # row 4: no code, no name
    ["22001", "T12", "Thôn Mười Hai", "31/02/2020"],  # row 5: impossible date
    ["22001", "T13", "Thôn Mười Ba", ""],  # row 6: fine (warning: no date)
    ["22001", "t10", "Thôn Trùng", ""],  # row 7: same code as row 2
    ["22001", "T01", "Thôn Cũ", ""],  # row 8: code already used in C1
]


def test_valid_rows_mode_stores_good_rows_and_lists_each_bad_row(world, client_for):
    job = _upload_and_run(client_for("xa1"), GOOD_AND_BAD)
    assert job.status == "done"
    assert set(_villages(world, "T10", "T13").values_list("code", flat=True)) == {"T10", "T13"}
    assert not Location.objects.filter(code__in=["T11", "T12", "t10"]).exists()
    assert _problems(job) == {
        (3, "Mã xã"),
        (4, "Mã thôn"),
        (4, "Tên thôn"),
        (5, "Ngày thành lập"),
        (7, "Mã thôn"),
        (8, "Mã thôn"),
    }
    assert _problems(job, "warning") == {(6, "Ngày thành lập"), (7, "Ngày thành lập")}
    assert (job.processed_rows, job.valid_rows, job.error_rows, job.stored_rows) == (7, 2, 5, 2)
    assert job.total_rows == 7 and job.started_at and job.finished_at
    duplicate = job.row_errors.get(row_number=7, kind="error")
    assert "also row 2" in duplicate.message
    # One audit row per stored village, and one for the job with its counts.
    assert AuditEvent.objects.filter(action="import", object_type="locations.location").count() == 2
    event = AuditEvent.objects.get(action="import", object_type="imports.importjob")
    assert event.actor == world.xa1 and event.object_id == str(job.pk)
    assert event.after["stored_rows"] == 2 and event.after["error_rows"] == 5
    assert event.location_path == world.C1.path


def test_all_or_nothing_with_one_bad_row_stores_nothing(world, client_for):
    rows = [
        ["22001", "T10", "Thôn Mười", ""],
        ["22001", "T11", "", ""],
        ["22001", "T12", "Thôn Mười Hai", ""],
    ]
    job = _upload_and_run(client_for("xa1"), rows, mode="all_or_nothing")
    assert job.status == "rejected"
    assert not _villages(world, "T10", "T11", "T12").exists()
    assert _problems(job) == {(3, "Tên thôn")}
    assert job.stored_rows == 0 and job.error_rows == 1 and job.valid_rows == 2
    assert "nên chưa lưu gì" in job.message  # Vietnamese, as the user reads it


def test_all_or_nothing_with_every_row_valid_stores_all(world, client_for):
    rows = [["22001", f"T{n}", f"Thôn {n}", "1/1/2001"] for n in range(20, 25)]
    job = _upload_and_run(client_for("xa1"), rows, mode="all_or_nothing")
    assert job.status == "done" and job.stored_rows == 5
    assert _villages(world, *[f"T{n}" for n in range(20, 25)]).count() == 5


def test_duplicate_rows_in_all_or_nothing_reject_the_file(world, client_for):
    rows = [["22001", "T20", "Thôn A", ""], ["22001", "T20", "Thôn B", ""]]
    job = _upload_and_run(client_for("xa1"), rows, mode="all_or_nothing")
    assert job.status == "rejected" and _problems(job) == {(3, "Mã thôn")}
    assert not _villages(world, "T20").exists()


def _store_failing_on_second_call(monkeypatch):
    calls = {"n": 0}
    original = VillageImporter.store

    def store(self, cleaned_rows):
        calls["n"] += 1
        if calls["n"] == 2:
            original(self, cleaned_rows[:1])  # half a batch written, then the crash
            raise RuntimeError("disk full")
        return original(self, cleaned_rows)

    monkeypatch.setattr(VillageImporter, "store", store)
    monkeypatch.setattr(pipeline, "STORE_BATCH_SIZE", 2)


FIVE_GOOD = [["22001", f"T{n}", f"Thôn {n}", ""] for n in range(30, 35)]  # rows 2–6


def test_crash_in_store_keeps_whole_batches_only(world, client_for, monkeypatch, caplog):
    _store_failing_on_second_call(monkeypatch)
    job = _upload_and_run(client_for("xa1"), FIVE_GOOD)
    assert job.status == "failed"
    # Batch 1 (rows 2–3) stored; batch 2 (rows 4–5) rolled back whole; row 6 never reached.
    assert set(
        _villages(world, *[f"T{n}" for n in range(30, 35)]).values_list("code", flat=True)
    ) == {
        "T30",
        "T31",
    }
    assert job.stored_rows == 2
    assert "Đã lưu 2 dòng" in job.message and "từ dòng 4 trở đi" in job.message
    assert "Traceback" not in job.message and "disk full" not in job.message
    assert AuditEvent.objects.filter(action="import", object_type="locations.location").count() == 2
    assert "stopped by an unexpected error" in caplog.text


def test_crash_in_store_in_all_or_nothing_stores_nothing(world, client_for, monkeypatch):
    _store_failing_on_second_call(monkeypatch)
    job = _upload_and_run(client_for("xa1"), FIVE_GOOD, mode="all_or_nothing")
    assert job.status == "failed"
    assert not _villages(world, *[f"T{n}" for n in range(30, 35)]).exists()
    assert job.stored_rows == 0 and "Chưa lưu gì" in job.message
    assert not AuditEvent.objects.filter(object_type="locations.location").exists()
    assert AuditEvent.objects.get(object_type="imports.importjob").after["status"] == "failed"


def test_crash_while_checking_fails_the_job_and_stores_nothing(world, client_for, monkeypatch):
    def validate_row(self, row_number, values):
        raise ValueError("bug")

    monkeypatch.setattr(VillageImporter, "validate_row", validate_row)
    job = _upload_and_run(client_for("xa1"), FIVE_GOOD)
    assert job.status == "failed" and "khi kiểm tra các dòng" in job.message
    assert "Chưa lưu gì" in job.message
    assert not _villages(world, "T30").exists()


def test_messy_register_is_read_correctly(world, client_for):
    nfd = unicodedata.normalize("NFD", "Thôn Đồng Tiến")
    rows = [
        # Headers in another order and wording, under a merged title and an empty row.
        ["Ngày lập", "  Tên thôn/tổ ", "MÃ THÔN", "Mã đơn vị"],
        [dt.datetime(2019, 5, 3), f"  {nfd}   ", " T40 ", 22001],
        ["05/03/2020", "Bản  Mới", "T41", "22001"],
        [None, None, None, None],
        ["2021-12-01", "Thôn Cuối", "T42", 22001.0],
    ]
    job = _upload_and_run(
        client_for("xa1"),
        rows,
        header=None,
        title_rows=[["DANH SÁCH THÔN NĂM 2024", None, None, None], [None]],
        merge="A1:D1",
    )
    assert job.status == "done", job.message
    assert job.header_row == 3 and job.stored_rows == 3
    villages = {v.code: v for v in _villages(world, "T40", "T41", "T42")}
    assert villages["T40"].name == "Thôn Đồng Tiến"
    assert unicodedata.is_normalized("NFC", villages["T40"].name)
    assert villages["T40"].valid_from == dt.date(2019, 5, 3)
    assert villages["T41"].name == "Bản Mới" and villages["T41"].valid_from == dt.date(2020, 3, 5)
    assert villages["T42"].valid_from == dt.date(2021, 12, 1)
    assert not job.row_errors.filter(kind="error").exists()


def test_csv_in_windows_vietnamese_with_semicolons(world, client_for):
    text = "Mã xã;Mã thôn;Tên thôn\r\n22001;T50;Thôn Đông Hòa Ngọc\r\n"
    file = SimpleUploadedFile("thon.csv", cp1258_bytes(text))
    client = client_for("xa1")
    response = client.post("/imports/new/tests.villages/", {"file": file, "mode": "valid_rows"})
    assert response.status_code == 302
    job = _start(client, ImportJob.objects.latest("id"))
    assert job.status == "done"
    assert _villages(world, "T50").get().name == "Thôn Đông Hòa Ngọc"


def test_many_rows_are_checked_in_batches_and_every_error_listed(world, client_for, monkeypatch):
    monkeypatch.setattr(pipeline, "PROGRESS_EVERY", 100)
    monkeypatch.setattr(pipeline, "PROBLEM_FLUSH_SIZE", 250)
    saves = []
    original = pipeline.JobRunner._save

    def counting_save(self, **fields):
        saves.append(fields.get("processed_rows"))
        return original(self, **fields)

    monkeypatch.setattr(pipeline.JobRunner, "_save", counting_save)
    rows = [["99999", f"X{n}", f"Thôn {n}", ""] for n in range(1200)]
    job = _upload_and_run(client_for("xa1"), rows)
    assert job.status == "done" and job.stored_rows == 0
    assert job.error_rows == 1200 and job.row_errors.count() == 1200
    assert {100, 500, 1200} <= set(saves)  # progress written while checking
    assert "Chưa lưu dòng nào" in job.message


def test_uploaded_file_is_deleted_once_the_job_finishes(world, client_for, private_storage):
    job = _upload_and_run(client_for("xa1"), FIVE_GOOD)
    assert job.status == "done"
    assert not job.file and stored_files(private_storage) == []


def test_job_fails_clearly_when_the_permission_was_withdrawn(world, client_for, settings):
    settings.TASKS = QUEUE_ONLY
    client = client_for("xa1")
    upload(client, FIVE_GOOD)
    job = _start(client, ImportJob.objects.latest("id"))
    assert job.status == "validating"
    RoleAssignment.objects.filter(user=world.xa1).delete()  # before the worker gets to it
    pipeline.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "không còn quyền" in job.message
    assert "Chưa lưu gì" in job.message
    assert not _villages(world, "T30").exists()


def test_starting_twice_runs_the_job_once(world, client_for):
    client = client_for("xa1")
    response = upload(client, FIVE_GOOD)
    job = ImportJob.objects.latest("id")
    _start(client, job)
    _start(client, job)
    assert job.stored_rows == 5
    assert AuditEvent.objects.filter(object_type="imports.importjob").count() == 1
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_import(world, client_for, settings):
    settings.TASKS = QUEUE_ONLY
    client = client_for("xa1")
    upload(client, GOOD_AND_BAD)
    job = ImportJob.objects.latest("id")
    job = _start(client, job)
    assert job.status == "validating" and job.task_id
    page = client.get(f"/imports/{job.pk}/")
    assert "Đang chờ tiến trình nền" in page.content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.stored_rows == 2
    assert _problems(job) == {
        (3, "Mã xã"),
        (4, "Mã thôn"),
        (4, "Tên thôn"),
        (5, "Ngày thành lập"),
        (7, "Mã thôn"),
        (8, "Mã thôn"),
    }
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
