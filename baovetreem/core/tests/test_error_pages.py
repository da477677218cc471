"""Error pages read in Vietnamese as the demo and production run them: DEBUG off, hashed static
files. Django's own pages for a refused form (CSRF) and a bad request are in English."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import path

from baovetreem.testing.english import english_left

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    call_command("collectstatic", "--noinput", verbosity=0)


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom)]
handler500 = "baovetreem.core.views.error_500"


def _vietnamese(response, heading: str) -> str:
    html = response.content.decode()
    assert heading in html
    assert '<html lang="vi">' in html
    assert not english_left(html), english_left(html)
    return html


def test_a_form_sent_after_its_page_expired_says_so_in_vietnamese(production, world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "xa1", "password": "x"})
    assert response.status_code == 403
    html = _vietnamese(response, "Trang đã hết hạn")
    assert 'href="/accounts/login/"' in html  # back to the page, to send it again


def test_a_bad_request_is_answered_in_vietnamese(production, world, settings):
    response = Client().get("/", HTTP_HOST="not-ours.example")
    assert response.status_code == 400
    _vietnamese(response, "Yêu cầu không hợp lệ")


@pytest.mark.parametrize("persona", [None, "xa1"])
def test_not_found_and_forbidden_pages_are_vietnamese_with_debug_off(
    production, client_for, persona
):
    client = client_for(persona) if persona else Client()
    _vietnamese(client.get("/no-such-page/"), "Không tìm thấy trang")
    if persona:
        _vietnamese(client_for("ctv1").get("/accounts/users/"), "Không có quyền truy cập")


@pytest.mark.urls("baovetreem.core.tests.test_error_pages")
def test_a_server_error_is_answered_in_vietnamese_with_debug_off(production, world):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    _vietnamese(response, "Lỗi máy chủ")
