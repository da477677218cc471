"""An officer transfers a case on a phone and on a desktop: province first, then the commune,
typed (htmx) or, without JavaScript, picked from the province's list after a reload."""

from __future__ import annotations

import re

import pytest

from baovetreem.cases.tests.conftest import open_case
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.parametrize("width", [375, 1280])
def test_officer_types_the_commune_the_child_moved_to(
    live_server, transactional_db, world, page, width
):
    case = open_case(world.xa1, world.V1a)
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, live_server, "xa1")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("#transfer summary")
    assert page.locator("#transfer select[name=to_location]").count() == 0
    page.select_option("#id_transfer_province", str(world.P.pk))
    page.wait_for_selector("#id_transfer_q", state="visible")
    page.fill("#id_transfer_q", "dong")
    page.wait_for_function(
        "document.querySelectorAll('#id_to_location option[value]:not([value=\"\"])').length === 1"
    )
    assert page.input_value("#id_to_location") == str(world.C2.pk)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("#transfer form.transfer-commune button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    assert case.transfers.get().to_location == world.C2
    assert "Xã Đông Hải" in page.inner_text("#transfer")


def test_without_javascript_the_officer_picks_the_province_then_its_commune(
    live_server, transactional_db, world, browser
):
    case = open_case(world.xa1, world.V1a)
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    try:
        _sign_in(page, live_server, "xa1")
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        page.click("#transfer summary")
        page.select_option("#id_transfer_province", str(world.Q.pk))
        page.click("#transfer form.transfer-province button[type=submit]")
        page.wait_for_selector("#id_to_location")
        assert not page.is_visible("#id_transfer_q")  # typing needs JavaScript
        page.select_option("#id_to_location", str(world.C3.pk))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.click("#transfer form.transfer-commune button[type=submit]")
        page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
        assert case.transfers.get().to_location == world.C3
    finally:
        context.close()
