"""A commune officer on a phone finds the child in the register from the intake form."""

import re

import pytest

from baovetreem.cases.models import Case
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


def _wait_for_htmx_to_settle(page):
    """New content gets its htmx behaviour once settled: a person never types sooner."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-request')"
    )


def test_officer_links_a_report_to_a_register_child_on_a_phone(
    live_server, transactional_db, world, kids, page
):
    an = kids["an"]
    Carer.objects.create(child=an, relationship="mother", full_name="Lê Thị Mai")
    page.set_viewport_size({"width": 375, "height": 740})
    _sign_in(page, live_server, "xa1")

    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#child-q", "nguyen van an")
    results = page.locator("#child-results li")
    results.first.wait_for()
    assert results.count() == 1
    assert "Lê Thị Mai" in results.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#child-picker").evaluate("picker => picker.scrollIntoView()")
    page.screenshot(path=str(ARTIFACTS / "intake_search_375.png"))

    results.first.get_by_text("Chọn trẻ này").click()
    page.locator(".chosen-child").wait_for()
    assert page.input_value("#id_child") == str(an.pk)
    page.screenshot(path=str(ARTIFACTS / "intake_chosen_375.png"))
    # Undo, then choose again: the hidden field follows.
    page.click("#unlink-child")
    _wait_for_htmx_to_settle(page)
    assert page.input_value("#id_child") == ""
    # Enter in the search box searches in place: it does not leave the half-filled form.
    page.fill("#child-q", "04/05/2019")
    page.press("#child-q", "Enter")
    page.locator("#child-results li").first.get_by_text("Chọn trẻ này").click()
    assert page.url == f"{live_server.url}/cases/new/"
    page.locator(".chosen-child").wait_for()
    assert page.input_value("#id_child") == str(an.pk)

    page.select_option("#id_location", str(world.V1a.pk))
    page.select_option("#id_classification", "abused")
    page.select_option("#id_channel", "hotline_111")
    page.fill("#id_what_happened", "Hàng xóm báo trẻ bị đánh.")
    page.click("form[method=post] button[type=submit].btn")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    assert case.child == an and case.report.child == an


def test_typing_a_provisional_child_suggests_the_register_child(
    live_server, transactional_db, world, kids, page
):
    page.set_viewport_size({"width": 375, "height": 740})
    _sign_in(page, live_server, "xa1")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_child_name", "Nguyen Van An")
    page.fill("#id_child_date_of_birth", "04/05/2019")
    page.locator("#id_child_date_of_birth").blur()
    hint = page.locator("#child-hint li")
    hint.first.wait_for()
    assert "Nguyễn Văn An" in hint.first.inner_text()
    page.locator("#child-hint").evaluate("hint => hint.scrollIntoView()")
    page.screenshot(path=str(ARTIFACTS / "intake_duplicates_375.png"))
    hint.first.get_by_text("Chọn trẻ này").click()
    page.locator(".chosen-child").wait_for()
    assert page.input_value("#id_child") == str(kids["an"].pk)
    assert page.locator("#child-hint li").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_search_and_choice_work_without_javascript(
    live_server, transactional_db, world, kids, browser
):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _sign_in(page, live_server, "xa1")
        page.goto(f"{live_server.url}/cases/new/")
        page.fill("#child-q", "nguyen van an")
        page.press("#child-q", "Enter")
        page.wait_for_url(re.compile(r"/cases/new/\?q=nguyen\+van\+an$"))
        page.locator("#child-results li").first.get_by_text("Chọn trẻ này").click()
        page.wait_for_url(re.compile(rf"/cases/new/\?child={kids['an'].pk}$"))
        assert page.input_value("#id_child") == str(kids["an"].pk)
    finally:
        context.close()
