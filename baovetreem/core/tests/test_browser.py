"""The first journey in a real browser: sign in, see Vietnamese, switch to English and back;
the officer's home page shows the work waiting."""

import re

import pytest

from baovetreem.cases.tests.conftest import open_case
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_commune_officer_signs_in_and_switches_language(live_server, transactional_db, world, page):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))
    assert "Xin chào" in page.locator("h1").inner_text()
    assert page.locator("nav.mainnav").inner_text().count("Địa bàn") == 1
    assert page.locator("html").get_attribute("lang") == "vi"

    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Hello")
    assert page.locator("html").get_attribute("lang") == "en"

    page.click("button[data-lang=vi]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Xin chào")


def test_wrong_password_shows_vietnamese_error_in_browser(
    live_server, transactional_db, world, page
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit].btn")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator(".errors").inner_text()


def test_officer_with_an_overdue_case_sees_the_overdue_card_on_the_home_page(
    live_server, transactional_db, world, page
):
    open_case(world.xa1, world.V1a)  # received 29/4/2026: its support plan is long overdue
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))
    card = page.locator(".work-waiting .card", has=page.locator('a[href="/cases/overdue/"]'))
    assert "Trường hợp quá hạn trong địa bàn" in card.inner_text()
    assert card.locator(".stat.warn").inner_text() == "1"
