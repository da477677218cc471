"""The child register exported in the background from the list page (registry.children)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from baovetreem.accounts.models import RoleAssignment
from baovetreem.audit.models import AuditEvent
from baovetreem.imports import export_jobs
from baovetreem.imports.models import ExportJob, ExportStatus
from baovetreem.registry.exports import ID_HEADER
from baovetreem.registry.models import Group, GroupMembership
from baovetreem.testing.children import make_child

NEW = "/imports/exports/new/registry.children/"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Exported files go to a temporary folder, never to var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def queue_only(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _export(client, data=None, query="") -> ExportJob:
    response = client.post(NEW + query, data or {})
    job = ExportJob.objects.order_by("-id").first()
    assert job is not None, response
    assert response["Location"] == f"/imports/exports/{job.pk}/"
    return job


def _downloaded_ids(client, job) -> list[int]:
    response = client.get(f"/imports/exports/{job.pk}/download")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="so-theo-doi-tre-em-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == ID_HEADER
    return [row[0] for row in rows[1:]]


@pytest.mark.usefixtures("immediate_tasks")
def test_commune_officer_export_holds_exactly_the_children_of_their_commune(
    world, client_for, kids
):
    client = client_for("xa1")
    job = _export(client)
    assert job.status == ExportStatus.DONE, job.message
    assert sorted(_downloaded_ids(client, job)) == sorted(
        kids[name].pk for name in ("an", "dung", "hoa")
    )


@pytest.mark.usefixtures("immediate_tasks")
def test_the_export_follows_the_list_filters(world, client_for, kids):
    client = client_for("xa1")
    by_village = _export(client, {"village": world.V1a.pk})
    assert by_village.params == {"village": world.V1a.pk}
    assert sorted(_downloaded_ids(client, by_village)) == sorted([kids["an"].pk, kids["dung"].pk])
    boys = _export(client, query=f"?village={world.V1a.pk}&sex=male&page=3")
    assert boys.params == {"village": world.V1a.pk, "sex": "male"}
    assert _downloaded_ids(client, boys) == [kids["an"].pk]


@pytest.mark.usefixtures("immediate_tasks")
def test_the_export_follows_a_group_filter(world, client_for, kids):
    group = Group.objects.filter(kind="special").first()
    GroupMembership.objects.create(child=kids["hoa"], group=group, start_date=dt.date(2024, 1, 1))
    client = client_for("xa1")
    job = _export(client, {"group": group.pk})
    assert job.params == {"group": group.pk}
    assert _downloaded_ids(client, job) == [kids["hoa"].pk]


@pytest.mark.usefixtures("immediate_tasks")
def test_requests_and_downloads_are_audited_under_the_officers_commune(world, client_for, kids):
    client = client_for("xa1")
    job = _export(client, {"village": world.V1a.pk})
    _downloaded_ids(client, job)
    events = AuditEvent.objects.filter(action="export", object_id=str(job.pk))
    assert sorted(events.values_list("note", flat=True)) == ["export requested", "file downloaded"]
    assert {e.location_path for e in events} == {world.C1.path}
    requested = events.get(note="export requested")
    assert requested.after == {
        "exporter": "registry.children",
        "params": {"village": world.V1a.pk},
        "rows": 2,
    }


def test_a_village_outside_the_officers_area_is_refused(world, client_for, kids):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    response = client.post(NEW, {"village": world.V2a.pk}, follow=True)
    assert not ExportJob.objects.exists()
    assert "not valid for you" in response.content.decode()


@pytest.mark.usefixtures("queue_only")
def test_a_scope_change_between_request_and_run_is_honoured(world, client_for, kids):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _export(client, {"village": world.V1a.pk})
    assert job.status == ExportStatus.QUEUED and job.rows_total == 2
    # xa1 is moved to the other commune before the worker runs the job.
    RoleAssignment.objects.filter(user=world.xa1).update(location=world.C2)
    export_jobs.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file
    assert "not valid for you" in job.message and "Village" in job.message
    page = client.get(f"/imports/exports/{job.pk}/").content.decode()
    assert "No longer valid for you" in page and "/download" not in page


@pytest.mark.usefixtures("queue_only")
def test_without_filters_a_scope_change_exports_only_the_new_area(world, client_for, kids):
    client = client_for("xa1")
    job = _export(client)
    RoleAssignment.objects.filter(user=world.xa1).update(location=world.C2)
    export_jobs.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.rows_written == 1
    assert _downloaded_ids(client, job) == [kids["binh"].pk]


@pytest.mark.usefixtures("immediate_tasks")
def test_collaborator_exports_only_the_children_of_their_village(world, client_for, kids):
    client = client_for("ctv1")
    assert NEW in client.get("/registry/").content.decode()
    job = _export(client)
    assert job.status == ExportStatus.DONE, job.message
    assert sorted(_downloaded_ids(client, job)) == sorted(kids[n].pk for n in ("an", "dung"))


def test_case_worker_without_the_export_right_gets_403(world, client_for, kids):
    client = client_for("canbo")
    assert client.post(NEW).status_code == 403
    assert not ExportJob.objects.exists()
    assert NEW not in client.get("/registry/").content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_another_commune_officer_cannot_see_or_download_the_export(world, client_for, kids):
    job = _export(client_for("xa1"))
    client = client_for("xa2")
    for url in (f"/imports/exports/{job.pk}/", f"/imports/exports/{job.pk}/download"):
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(note="file downloaded").exists()


def test_the_list_page_offers_the_export_with_the_current_filters(world, client_for, kids):
    body = client_for("xa1").get(f"/registry/?village={world.V1a.pk}&sex=male&page=2").content
    body = body.decode()
    assert f'action="{NEW}"' in body
    assert f'<input type="hidden" name="village" value="{world.V1a.pk}" data-filter>' in body
    assert '<input type="hidden" name="sex" value="male" data-filter>' in body
    assert 'name="page" value="2" data-filter' not in body


@pytest.mark.usefixtures("queue_only")
def test_the_status_page_says_what_the_export_holds(world, client_for, kids):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    job = _export(client, {"village": world.V1a.pk, "age": "0-5"})
    body = client.get(f"/imports/exports/{job.pk}/").content.decode()
    assert "Thôn Một" in body and "Under 6" in body and "Living here" in body
    assert "Waiting for the background worker" in body


@pytest.mark.usefixtures("queue_only")
def test_the_run_adds_no_query_per_child(world, client_for, kids, django_assert_num_queries):
    client = client_for("xa1")
    small = _export(client)
    with CaptureQueriesContext(connection) as few:
        export_jobs.run_export(small.pk)
    queries = len(few)  # read now: the next request resets the query log
    group = Group.objects.filter(kind="special").first()
    for n in range(30):
        child = make_child(world.V1b, f"Trẻ Thử {n}", dt.date(2018, 1, 1 + n % 28))
        GroupMembership.objects.create(child=child, group=group, start_date=dt.date(2024, 1, 1))
    large = _export(client)
    with django_assert_num_queries(queries):
        export_jobs.run_export(large.pk)
    large.refresh_from_db()
    assert large.status == ExportStatus.DONE and large.rows_written == 33


def test_a_case_worker_who_may_view_but_not_export_gets_403(world, client_for, kids):
    # Case workers see the register of their commune but may not take it out of the system.
    client = client_for("canbo")
    assert client.get("/registry/").status_code == 200
    assert client.post(NEW).status_code == 403
