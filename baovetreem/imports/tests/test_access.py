"""Who may use which import page: a job is its creator's alone."""

from __future__ import annotations

import pytest

from baovetreem.imports.models import ImportJob, ImportStatus
from baovetreem.imports.tests.helpers import upload


@pytest.fixture
def job_of_xa1(client_for):
    upload(client_for("xa1"), [["22001", "T10", "Thôn Mười", ""]])
    return ImportJob.objects.get()


def _job_urls(job):
    return {
        "get": [
            f"/imports/{job.pk}/",
            f"/imports/{job.pk}/columns/",
            f"/imports/{job.pk}/preview/",
            f"/imports/{job.pk}/progress/",
            f"/imports/{job.pk}/errors.xlsx",
        ],
        "post": [f"/imports/{job.pk}/start/", f"/imports/{job.pk}/discard/"],
    }


@pytest.mark.parametrize("persona", ["xa2", "tinh", "ctv1", "kiemtra"])
def test_other_personas_cannot_open_poll_download_or_start_a_job(client_for, job_of_xa1, persona):
    client = client_for(persona)
    urls = _job_urls(job_of_xa1)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"mode": "valid_rows"}).status_code == 404, url
    job_of_xa1.refresh_from_db()
    assert job_of_xa1.status == ImportStatus.MAPPED


def test_other_persona_does_not_see_the_job_in_their_list(client_for, job_of_xa1):
    body = client_for("xa2").get("/imports/").content.decode()
    assert "thon.xlsx" not in body
    assert "thon.xlsx" in client_for("xa1").get("/imports/").content.decode()


def test_the_creator_reaches_every_page_of_their_job(client_for, job_of_xa1):
    client = client_for("xa1")
    for url in _job_urls(job_of_xa1)["get"]:
        assert client.get(url).status_code in {200, 302}, url


def test_a_superuser_may_follow_any_job(client_for, job_of_xa1, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Mat-khau-goc-9")
    client = client_for("xa1")
    client.force_login(root)
    assert client.get(f"/imports/{job_of_xa1.pk}/preview/").status_code == 200


@pytest.mark.parametrize("persona", ["tinh", "ctv1", "canbo", "tongdai"])
def test_personas_without_the_importer_permission_get_403(client_for, persona):
    client = client_for(persona)
    assert client.get("/imports/new/tests.villages/").status_code == 403
    assert client.get("/imports/template/tests.villages.xlsx").status_code == 403
    body = client.get("/imports/").content.decode()
    assert "/imports/new/tests.villages/" not in body


def test_creator_who_lost_the_permission_gets_403_on_their_job(world, client_for, job_of_xa1):
    from baovetreem.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=world.xa1).delete()
    assert client_for("xa1").get(f"/imports/{job_of_xa1.pk}/").status_code == 403


def test_unknown_importer_is_404(client_for):
    client = client_for("xa1")
    assert client.get("/imports/new/no.such/").status_code == 404
    assert client.get("/imports/template/no.such.xlsx").status_code == 404


def test_for_user_returns_nothing_for_anonymous_or_inactive_users(world, job_of_xa1):
    from django.contrib.auth.models import AnonymousUser

    assert not ImportJob.objects.for_user(AnonymousUser()).exists()
    assert not ImportJob.objects.for_user(None).exists()
    world.xa1.is_active = False
    assert not ImportJob.objects.for_user(world.xa1).exists()
