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


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))


def _topbar_rows(page) -> set[int]:
    """The distinct vertical centres (to 8 px) of what the top bar shows."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll(
                  '.topbar .brand, .topbar .mainnav a, .topbar .usermenu > *')]
                .filter(e => e.offsetParent !== null)
                .map(e => { const r = e.getBoundingClientRect();
                            return Math.round((r.top + r.height / 2) / 8); })"""
        )
    )


def test_the_commune_officers_menu_fits_one_line_on_an_office_screen(
    live_server, transactional_db, world, page
):
    world.xa1.full_name = "Nguyễn Thị Phương Thảo Hoàng Lê Bảo Ngọc"  # a long name is cut short
    world.xa1.save()
    page.set_viewport_size({"width": 1200, "height": 800})
    _sign_in(page, live_server, "xa1")
    assert page.locator("nav.mainnav a").count() == 7
    assert len(_topbar_rows(page)) == 1
    name = page.locator(".usermenu .username")
    assert name.get_attribute("title") == world.xa1.full_name
    assert name.evaluate("e => e.scrollWidth > e.clientWidth")  # shown with an ellipsis
    # The home counters (their rules live in app.css) sit on one row.
    tops = page.locator(".work-waiting .card").evaluate_all(
        "cards => cards.map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(tops) == 4 and len(set(tops)) == 1


def test_on_a_phone_the_menu_opens_from_its_button(live_server, transactional_db, world, page):
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, live_server, "xa1")
    assert not page.locator("nav.mainnav").is_visible()
    page.click("label.nav-toggle-label")
    assert page.locator("nav.mainnav a").nth(6).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Two counters a row on a phone.
    tops = page.locator(".work-waiting .card").evaluate_all(
        "cards => cards.map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 2
