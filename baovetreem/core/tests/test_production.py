"""With DEBUG off (production, and the demo) every page renders its hashed, compressed assets."""

import pytest
from django.core.management import call_command

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"

PAGES = {
    "xa1": ["/", "/registry/", "/registry/households/", "/cases/", "/imports/", "/locations/"],
    "tinh": ["/", "/hotline/", "/locations/"],
    "tongdai": ["/hotline/", "/hotline/log/"],
    "kiemtra": ["/audit/", "/accounts/users/"],
    "admin": ["/accounts/users/", "/referrals/providers/"],
}


@pytest.fixture
def production_static(settings, tmp_path):
    """Production's static setup: DEBUG off and the manifest storage, after collectstatic."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_main_pages_answer_200_with_debug_off(production_static, client_for, kids, persona):
    client = client_for(persona)
    for url in PAGES[persona]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        # The stylesheet is the hashed copy, and it exists with its compressed twin.
        name = html.split('href="/static/css/', 1)[1].split('"', 1)[0]
        assert name != "app.css" and name.startswith("app.")
        assert (production_static / "css" / name).exists()
        assert (production_static / "css" / f"{name}.gz").exists()


def test_a_page_without_collected_static_files_would_fail(settings, tmp_path, client_for, world):
    """Guard for the test above: the manifest storage really is in force under DEBUG off."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    client = client_for("xa1")
    client.raise_request_exception = True
    with pytest.raises(ValueError, match="manifest"):
        client.get("/")


def test_favicon_is_served_under_debug_off(production_static, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/favicon.") and response["Location"] != (
        "/static/favicon.svg"
    )
    assert (production_static / response["Location"].removeprefix("/static/")).exists()
