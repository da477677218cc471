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


@pytest.mark.parametrize("width", [375, 1280])
def test_officer_enters_a_support_plan_row_by_row(
    live_server, transactional_db, world, page, width
):
    from baovetreem.cases.tests.conftest import open_case, step

    case = open_case(world.xa1, world.V1a)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT, CaseState.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("#step-planning summary")
    page.fill("#id_planning-goals", "Trẻ an toàn, đi học lại.")
    assert page.locator("textarea[name=planning-services]").count() == 0

    def row(i: int, *values: str):
        parts = ("service", "provider", "starts_on", "ends_on", "cost_vnd")
        for key, value in zip(parts, values, strict=False):
            page.fill(f"#id_planning-services-{i}-{key}", value)

    row(0, "Tư vấn tâm lý - xã hội", "Trạm y tế xã", "1/6/2026", "30/6/2026", "1,5 triệu")
    row(1, "Học bổng", "Trường tiểu học", "01/06/2026", "15/05/2026")
    # A fourth service: the row is added in place (JavaScript), nothing is sent.
    page.click("#step-planning .add-service-row")
    row(3, "Thăm gia đình", "Cộng tác viên thôn", "05/06/2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("#step-planning button[type=submit].btn:not(.add-service-row)")
    page.wait_for_selector("#step-planning .errors")
    assert "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước" in page.inner_text("#step-planning")
    assert page.input_value("#id_planning-services-3-service") == "Thăm gia đình"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    case.refresh_from_db()
    assert case.state == CaseState.DETAILED_ASSESSMENT

    page.fill("#id_planning-services-1-ends_on", "")
    page.click("#step-planning button[type=submit].btn:not(.add-service-row)")
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    case.refresh_from_db()
    assert case.state == CaseState.PLANNING
    history = page.inner_text("#history")
    assert "Tư vấn tâm lý - xã hội — Trạm y tế xã — từ 01/06/2026 đến 30/06/2026" in history
    assert "Thăm gia đình — Cộng tác viên thôn — từ 05/06/2026" in history
