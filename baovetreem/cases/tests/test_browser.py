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


def test_officer_types_a_support_plan_on_a_phone(live_server, transactional_db, world, page):
    from baovetreem.cases.tests.conftest import open_case, step

    case = open_case(world.xa1, world.V1a)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT, CaseState.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("#step-planning summary")
    page.fill("#id_planning-goals", "Trẻ an toàn, đi học lại.")
    services = "#id_planning-services"
    page.fill(
        services,
        "Tư vấn tâm lý - Trạm y tế xã - 1/6/2026 - 30/6/2026 - 1,5 triệu\n"
        "Học bổng - Trường tiểu học - 01/06/2026 - 15/05/2026",
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("#step-planning button[type=submit]")
    page.wait_for_selector("#step-planning .error")
    assert "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước" in page.inner_text("#step-planning")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    case.refresh_from_db()
    assert case.state == CaseState.DETAILED_ASSESSMENT

    page.fill(
        services,
        "Tư vấn tâm lý - Trạm y tế xã - 1/6/2026 - 30/6/2026 - 1,5 triệu\n"
        "Học bổng - Trường tiểu học - 01/06/2026",
    )
    page.click("#step-planning button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    case.refresh_from_db()
    assert case.state == CaseState.PLANNING
    assert "từ 01/06/2026 đến 30/06/2026 — 1.500.000\u00a0đ" in page.inner_text("#history")
