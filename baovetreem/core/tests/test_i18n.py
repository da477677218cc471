import datetime as dt

from django.template import Context, Template
from django.utils import translation


def test_login_page_is_vietnamese_by_default(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_language_switch_to_english_and_back(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
    assert "Đăng nhập" in client.get("/accounts/login/").content.decode()


def test_dates_are_shown_day_first_in_both_languages():
    template = Template("{{ d|date:'SHORT_DATE_FORMAT' }}")
    for language in ("vi", "en"):
        with translation.override(language):
            assert template.render(Context({"d": dt.date(2026, 3, 5)})) == "05/03/2026"


def test_not_found_page_is_vietnamese(client, world, settings):
    settings.DEBUG = False
    client.force_login(world.xa1)
    response = client.get("/locations/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_forbidden_page_is_vietnamese(client_for):
    response = client_for("ctv1").get("/accounts/users/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_server_error_page_is_vietnamese(rf):
    from baovetreem.core.views import error_500

    with translation.override("vi"):
        response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in page.content.decode()
    assert page["Content-Language"] == "vi"
