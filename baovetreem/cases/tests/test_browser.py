"""A commune officer on a phone receives a report and records its verification."""

import re

import pytest

from baovetreem.cases.models import Case, CaseState
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_officer_receives_a_report_on_a_phone(live_server, transactional_db, world, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/cases/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#id_location", str(world.V1a.pk))
    page.select_option("#id_classification", "abused")
    page.select_option("#id_channel", "hotline_111")
    page.fill("#id_child_estimated_age", "7")
    page.fill("#id_what_happened", "Trẻ bị đánh, có vết bầm.")
    page.select_option("#id_suspected_relationship", "father")
    page.click("form button[type=submit].btn")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    assert case.code in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.click("#step-verified summary")
    page.fill("#id_verified-findings", "Đã đến nhà xác minh.")
    page.click("#step-verified button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED
    assert "Đã đến nhà xác minh." in page.inner_text("#history")
