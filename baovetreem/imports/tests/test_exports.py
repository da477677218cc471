"""Background exports: request, run, progress, download, audit, access, retention."""

from __future__ import annotations

import datetime as dt
import io
import os
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from baovetreem.accounts.models import RoleAssignment
from baovetreem.audit.models import AuditEvent
from baovetreem.imports import export_jobs
from baovetreem.imports.models import ExportJob, ExportStatus
from baovetreem.imports.tests.helpers import run_worker, stored_files
from baovetreem.imports.tests.village_exporter import VillageExporter
from baovetreem.locations.models import Kind, Level, Location

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NEW = "/imports/exports/new/tests.villages/"


@pytest.fixture
def queue_only(settings):
    """Tasks wait in the database queue until a test runs them."""
    settings.TASKS = QUEUE_ONLY


def _request(client, data=None, query="") -> ExportJob | None:
    response = client.post(NEW + query, data or {})
    assert response.status_code == 302, response.content.decode()[:1000]
    job = ExportJob.objects.order_by("-id").first()
    if job is not None and response["Location"] == f"/imports/exports/{job.pk}/":
        return job
    return None


def _rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(
        load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    )


def _exports(action_note: str):
    return AuditEvent.objects.filter(action="export", note=action_note)


def _done_job(user, private_storage, *, finished_ago=dt.timedelta(0), name="a.xlsx") -> ExportJob:
    """A finished job whose file is in the private storage, written ``finished_ago``."""
    folder = private_storage / "exports" / "old"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"PK fake")
    return ExportJob.objects.create(
        created_by=user,
        exporter_key="tests.villages",
        status=ExportStatus.DONE,
        file=f"exports/old/{name}",
        size=7,
        rows_total=2,
        rows_written=2,
        finished_at=timezone.now() - finished_ago,
    )


# -- the journey ---------------------------------------------------------------------------


@pytest.mark.usefixtures("immediate_tasks")
def test_commune_officer_exports_their_villages_and_downloads_the_file(
    world, client_for, private_storage
):
    client = client_for("xa1")
    job = _request(client)
    assert job is not None and job.status == ExportStatus.DONE, job and job.message
    assert (job.rows_total, job.rows_written) == (2, 2)
    assert job.started_at and job.finished_at and job.task_id and job.size > 0
    assert len(stored_files(private_storage)) == 1
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")
    page = client.get(f"/imports/exports/{job.pk}/").content.decode()
    assert f"/imports/exports/{job.pk}/download" in page and "hx-trigger" not in page

    response = client.get(f"/imports/exports/{job.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'attachment; filename="thon-{job.pk}.xlsx"' == response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = _rows(response)
    assert rows == [("Mã thôn", "Tên thôn", "Mã xã"), ("T01", "Thôn Một", "22001"),
                    ("T02", "Thôn Hai", "22001")]  # fmt: skip


@pytest.mark.usefixtures("immediate_tasks")
def test_the_request_and_every_download_leave_an_audit_row_in_the_creators_area(world, client_for):
    client = client_for("xa1")
    job = _request(client, {"name": "Hai"})
    requested = _exports("export requested").get()
    assert requested.actor == world.xa1 and requested.object_type == "imports.exportjob"
    assert requested.object_id == str(job.pk) and requested.location_path == world.C1.path
    assert requested.after == {"exporter": "tests.villages", "params": {"name": "Hai"}, "rows": 1}
    assert not _exports("file downloaded").exists()
    for _ in range(2):
        b"".join(client.get(f"/imports/exports/{job.pk}/download").streaming_content)
    downloads = _exports("file downloaded")
    assert downloads.count() == 2
    assert {d.location_path for d in downloads} == {world.C1.path}
    assert downloads.first().after["rows"] == 1 and downloads.first().actor == world.xa1


@pytest.mark.usefixtures("immediate_tasks")
def test_filters_may_come_as_form_fields_or_in_the_query_string(world, client_for):
    client = client_for("xa1")
    by_field = _request(client, {"name": "Một"})
    by_query = _request(client, query="?name=Hai")
    assert by_field.params == {"name": "Một"} and by_field.rows_written == 1
    assert by_query.params == {"name": "Hai"} and by_query.rows_written == 1


def test_invalid_filters_are_refused_with_a_sentence_and_nothing_is_queued(world, client_for):
    client = client_for("xa1")
    response = client.post(NEW, {"name": "x" * 30}, follow=True)
    assert response.redirect_chain[-1][0] == "/imports/exports/"
    assert "too long" in response.content.decode()
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action="export")


def test_an_export_that_matches_nothing_is_refused(world, client_for):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    response = client.post(NEW, {"name": "Không có"}, follow=True)
    assert not ExportJob.objects.exists()
    assert response.redirect_chain[-1][0] == "/imports/exports/"
    assert "nothing to export" in response.content.decode()


def test_too_many_rows_for_one_sheet_are_refused(world, client_for, monkeypatch):
    monkeypatch.setattr(VillageExporter, "max_rows", 1)
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    response = client.post(NEW, follow=True)
    assert not ExportJob.objects.exists()
    assert "Narrow the filters" in response.content.decode()


@pytest.mark.usefixtures("queue_only")
def test_the_same_export_requested_twice_while_waiting_is_one_job(world, client_for):
    client = client_for("xa1")
    first, second = _request(client), _request(client)
    assert first.pk == second.pk and first.status == ExportStatus.QUEUED
    assert _request(client, {"name": "Hai"}).pk != first.pk


# -- access --------------------------------------------------------------------------------


# (A collaborator now exports the register of their village: registry.export_child.)
@pytest.mark.parametrize("persona", ["canbo", "tongdai", "kiemtra"])
def test_personas_without_the_export_permission_get_403(client_for, persona):
    client = client_for(persona)
    assert client.post(NEW).status_code == 403
    assert client.get("/imports/exports/").status_code == 403
    assert not ExportJob.objects.exists()


def test_requesting_an_export_needs_a_post(client_for):
    assert client_for("xa1").get(NEW).status_code == 405


def test_unknown_exporter_is_404(client_for):
    assert client_for("xa1").post("/imports/exports/new/no.such/").status_code == 404


@pytest.fixture
def export_of_xa1(world, client_for, immediate_tasks):
    return _request(client_for("xa1"))


def _job_urls(job) -> list[str]:
    return [
        f"/imports/exports/{job.pk}/",
        f"/imports/exports/{job.pk}/progress/",
        f"/imports/exports/{job.pk}/download",
    ]


@pytest.mark.parametrize("persona", ["xa2", "tinh"])
def test_other_officers_cannot_see_poll_or_download_an_export(client_for, export_of_xa1, persona):
    client = client_for(persona)
    for url in _job_urls(export_of_xa1):
        assert client.get(url).status_code == 404, url
    assert (
        f"/imports/exports/{export_of_xa1.pk}/"
        not in client.get("/imports/exports/").content.decode()
    )
    assert not _exports("file downloaded").exists()


def test_the_creator_sees_the_export_in_their_list(client_for, export_of_xa1):
    body = client_for("xa1").get("/imports/exports/").content.decode()
    assert f"/imports/exports/{export_of_xa1.pk}/download" in body


def test_a_superuser_may_follow_any_export(world, client_for, export_of_xa1, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Mat-khau-goc-9")
    client = client_for("xa1")
    client.force_login(root)
    assert "xa1" in client.get(f"/imports/exports/{export_of_xa1.pk}/").content.decode()


def test_creator_who_lost_the_permission_gets_403_on_their_export(world, client_for, export_of_xa1):
    RoleAssignment.objects.filter(user=world.xa1).delete()
    client = client_for("xa1")
    for url in _job_urls(export_of_xa1):
        assert client.get(url).status_code == 403, url


def test_for_user_returns_nothing_for_anonymous_or_inactive_users(world, export_of_xa1):
    from django.contrib.auth.models import AnonymousUser

    assert not ExportJob.objects.for_user(AnonymousUser()).exists()
    assert not ExportJob.objects.for_user(None).exists()
    world.xa1.is_active = False
    assert not ExportJob.objects.for_user(world.xa1).exists()


# -- failures ------------------------------------------------------------------------------


@pytest.fixture
def own_tempdir(monkeypatch, tmp_path):
    """The worker's temporary files go to a folder of this test, to check none is left."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.usefixtures("immediate_tasks")
def test_a_crashing_writer_fails_the_job_and_keeps_no_file(
    world, client_for, monkeypatch, private_storage, own_tempdir
):
    def crash(self, user, params, path, progress):
        path.write_bytes(b"half a file")
        progress(1)
        raise RuntimeError("disk full")

    monkeypatch.setattr(VillageExporter, "write", crash)
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _request(client)
    assert job.status == ExportStatus.FAILED and not job.file and job.finished_at
    assert "unexpected error" in job.message and f"export #{job.pk}" in job.message
    assert "disk full" not in job.message
    assert stored_files(private_storage) == [] and list(own_tempdir.iterdir()) == []
    page = client.get(f"/imports/exports/{job.pk}/").content.decode()
    assert "unexpected error" in page and "/download" not in page
    response = client.get(f"/imports/exports/{job.pk}/download")
    assert response.status_code == 302 and not _exports("file downloaded").exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_crash_after_the_file_was_stored_deletes_it(
    world, client_for, monkeypatch, private_storage, own_tempdir
):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(export_jobs, "ngettext", broken)  # runs right after the file is stored
    job = _request(client_for("xa1"))
    assert job.status == ExportStatus.FAILED and not job.file
    assert stored_files(private_storage) == [] and list(own_tempdir.iterdir()) == []


@pytest.mark.usefixtures("queue_only")
def test_a_creator_who_lost_the_permission_before_the_run_gets_a_failed_job(world, client_for):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _request(client)
    RoleAssignment.objects.filter(user=world.xa1).delete()
    export_jobs.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "no longer have the permission" in job.message


@pytest.mark.usefixtures("queue_only")
def test_a_job_is_run_once_only(world, client_for):
    job = _request(client_for("xa1"))
    export_jobs.run_export(job.pk)
    first = ExportJob.objects.get(pk=job.pk)
    export_jobs.run_export(job.pk)
    assert ExportJob.objects.get(pk=job.pk).finished_at == first.finished_at


def test_a_job_that_cannot_be_queued_says_so(world, client_for, monkeypatch):
    from baovetreem.imports import tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "run_export", SimpleNamespace(enqueue=refuse))
    job = _request(client_for("xa1"))
    assert job.status == ExportStatus.FAILED and job.message


# -- progress and pages --------------------------------------------------------------------


def test_progress_box_polls_while_running_and_stops_when_done(world, client_for):
    client = client_for("xa1")
    job = ExportJob.objects.create(
        created_by=world.xa1,
        exporter_key="tests.villages",
        status=ExportStatus.RUNNING,
        started_at=timezone.now(),
        rows_total=8000,
        rows_written=2000,
    )
    body = client.get(f"/imports/exports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in body and f"/imports/exports/{job.pk}/progress/" in body
    assert 'value="25"' in body
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        rows_written=8000,
        file="exports/x.xlsx",
        finished_at=timezone.now(),
    )
    polled = client.get(f"/imports/exports/{job.pk}/progress/", headers={"HX-Request": "true"})
    body = polled.content.decode()
    assert "hx-trigger" not in body and f"/imports/exports/{job.pk}/download" in body


def test_a_job_without_progress_for_long_says_the_worker_may_be_stopped(world, client_for):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = ExportJob.objects.create(created_by=world.xa1, exporter_key="tests.villages")
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert "worker may be stopped" in client.get(f"/imports/exports/{job.pk}/").content.decode()


def test_export_list_uses_a_constant_number_of_queries(
    world, client_for, private_storage, django_assert_max_num_queries
):
    client = client_for("xa1")
    _done_job(world.xa1, private_storage)
    with django_assert_max_num_queries(10) as few:
        assert client.get("/imports/exports/").status_code == 200
    for n in range(20):
        _done_job(world.xa1, private_storage, name=f"{n}.xlsx")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/imports/exports/").content.decode()
    assert body.count("/download") == 21


def test_status_page_uses_a_constant_number_of_queries(
    world, client_for, private_storage, django_assert_max_num_queries
):
    client = client_for("xa1")
    plain = _done_job(world.xa1, private_storage)
    filtered = _done_job(world.xa1, private_storage, name="b.xlsx")
    ExportJob.objects.filter(pk=filtered.pk).update(params={"name": "Hai"})
    with django_assert_max_num_queries(10) as few:
        assert client.get(f"/imports/exports/{plain.pk}/").status_code == 200
    queries = len(few.captured_queries)  # read now: the next request resets the query log
    assert queries > 0
    with django_assert_max_num_queries(queries):
        assert "Name contains" in client.get(f"/imports/exports/{filtered.pk}/").content.decode()
    with django_assert_max_num_queries(queries):
        assert client.get(f"/imports/exports/{filtered.pk}/progress/").status_code == 200


@pytest.mark.usefixtures("queue_only")
def test_the_run_writes_no_query_per_row(world, client_for, django_assert_num_queries):
    client = client_for("xa1")
    small = _request(client)
    with CaptureQueriesContext(connection) as few:
        export_jobs.run_export(small.pk)
    queries = len(few)  # read now: the next request resets the query log
    for n in range(40):
        Location(level=Level.VILLAGE, kind=Kind.THON, code=f"X{n}", name=f"Xóm {n}",
                 parent=world.C1).save()  # fmt: skip
    large = _request(client)
    assert large.rows_total == 42
    with django_assert_num_queries(queries):
        export_jobs.run_export(large.pk)
    large.refresh_from_db()
    assert large.status == ExportStatus.DONE and large.rows_written == 42


# -- retention -----------------------------------------------------------------------------


def test_purge_deletes_files_past_the_retention_period_and_keeps_the_jobs(
    world, client_for, private_storage, settings
):
    settings.EXPORT_RETENTION_HOURS = 2
    old = _done_job(world.xa1, private_storage, finished_ago=dt.timedelta(hours=3), name="o.xlsx")
    new = _done_job(world.xa1, private_storage, finished_ago=dt.timedelta(hours=1), name="n.xlsx")
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "1" in out.getvalue()
    assert [p.name for p in stored_files(private_storage)] == ["n.xlsx"]
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file and old.status == ExportStatus.DONE and old.is_expired
    assert new.file and not new.is_expired
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    page = client.get(f"/imports/exports/{old.pk}/").content.decode()
    assert "File deleted" in page and "/download" not in page
    response = client.get(f"/imports/exports/{old.pk}/download", follow=True)
    assert "Export again" in response.content.decode()
    assert not _exports("file downloaded").exists()


def test_a_file_past_retention_is_deleted_on_download_even_without_the_command(
    world, client_for, private_storage
):
    job = _done_job(world.xa1, private_storage, finished_ago=dt.timedelta(hours=25))
    response = client_for("xa1").get(f"/imports/exports/{job.pk}/download")
    assert response.status_code == 302 and response["Location"] == f"/imports/exports/{job.pk}/"
    assert stored_files(private_storage) == []
    job.refresh_from_db()
    assert not job.file


@pytest.mark.usefixtures("queue_only")
def test_a_new_export_purges_expired_files(world, client_for, private_storage):
    _done_job(world.xa2, private_storage, finished_ago=dt.timedelta(hours=30))
    assert len(stored_files(private_storage)) == 1
    _request(client_for("xa1"))
    assert stored_files(private_storage) == []


def test_purge_deletes_stray_files_and_gives_up_stuck_jobs(world, private_storage):
    stray = private_storage / "exports" / "2026" / "01" / "stray.xlsx"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left by a killed worker")
    fresh = stray.with_name("fresh.xlsx")
    fresh.write_bytes(b"being stored right now")
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(stray, (two_days_ago, two_days_ago))
    kept = _done_job(world.xa1, private_storage, name="kept.xlsx")
    stuck = ExportJob.objects.create(created_by=world.xa1, exporter_key="tests.villages")
    ExportJob.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - dt.timedelta(days=1))
    result = export_jobs.purge_expired_exports(sweep_orphans=True)
    assert (result.files_deleted, result.orphans_deleted, result.jobs_given_up) == (0, 1, 1)
    assert {p.name for p in stored_files(private_storage)} == {"fresh.xlsx", "kept.xlsx"}
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED and stuck.message
    assert kept.file


def test_deleting_a_job_deletes_its_file(world, private_storage):
    job = _done_job(world.xa1, private_storage)
    job.delete()
    assert stored_files(private_storage) == []


# -- the real worker -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_export(world, client_for, settings, private_storage):
    settings.TASKS = QUEUE_ONLY
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _request(client)
    assert job.status == ExportStatus.QUEUED and job.task_id
    assert (
        "Waiting for the background worker"
        in client.get(f"/imports/exports/{job.pk}/").content.decode()
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.rows_written == 2
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    rows = _rows(client.get(f"/imports/exports/{job.pk}/download"))
    assert [row[0] for row in rows[1:]] == ["T01", "T02"]
    assert len(stored_files(private_storage)) == 1
