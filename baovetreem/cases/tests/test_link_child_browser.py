"""A commune officer on a phone links a 111 case's provisional child to the register."""

import re

import pytest

from baovetreem.cases.models import Case
from baovetreem.cases.tests.conftest import open_case
from baovetreem.registry.models import Carer
from baovetreem.testing.browser import ARTIFACTS
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))


def test_officer_links_a_hotline_case_to_the_register_on_a_phone(
    live_server, transactional_db, world, kids, page
):
    an = kids["an"]
    Carer.objects.create(child=an, relationship="mother", full_name="Lê Thị Mai")
    case = open_case(
        world.tongdai, world.V1a, child_name="Bé An", child_estimated_age=7, child_sex="male"
    )
    page.set_viewport_size({"width": 375, "height": 740})
    _sign_in(page, live_server, "xa1")

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    section = page.locator("#link-child")
    section.scroll_into_view_if_needed()
    page.fill("#link-child-q", "nguyen van an")
    results = page.locator("#link-child-results li")
    results.first.wait_for()
    assert results.count() == 1 and "Lê Thị Mai" in results.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "case_link_child_375.png"))

    results.first.get_by_role("button", name="Liên kết trẻ này").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/#report$"))
    register_link = page.locator("#child-register-link")
    assert register_link.get_attribute("href") == f"/registry/{an.pk}/"
    assert "Nguyễn Văn An" in page.locator("#report").inner_text()
    assert page.locator("#link-child").count() == 0
    page.locator("#report").screenshot(path=str(ARTIFACTS / "case_linked_375.png"))
    case = Case.objects.get(pk=case.pk)
    assert case.child == an and case.report.child == an and case.report.child_name == "Bé An"
