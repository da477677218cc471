"""A hotline operator logs a call on a phone, and finds it in the contact log."""

import re

import pytest

from baovetreem.hotline.models import Contact, TopicCategory
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_operator_logs_a_call_on_a_phone(live_server, transactional_db, world, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "tongdai")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.click("label.nav-toggle-label")
    page.click("nav.mainnav a[href='/hotline/']")
    page.wait_for_url(re.compile(r"/hotline/$"))
    assert page.input_value("#id_received_at")  # defaults to now
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    topic = TopicCategory.objects.get(code="violence.neglect")
    page.fill("#id_duration_seconds", "3:15")
    page.select_option("#id_caller_type", "teacher")
    page.select_option("#id_topic", str(topic.pk))
    page.select_option("#id_location", str(world.C1.pk))
    page.fill("#id_summary", "Cô giáo báo học sinh lớp 3 thường xuyên bị bỏ đói.")
    page.select_option("#id_outcome", "referral")
    page.click("#contact-form button[type=submit]")
    page.wait_for_selector(".messages")

    contact = Contact.objects.get()
    assert (contact.duration_seconds, contact.caller_type) == (195, "teacher")
    assert contact.topic == topic and contact.location == world.C1
    assert "3:15" in page.locator("table.contacts").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll

    page.goto(f"{live_server.url}/hotline/log/?q=bo+doi")
    assert "3:15" in page.locator("table.contacts").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("table.contacts a")
    page.wait_for_url(re.compile(r"/hotline/\d+/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
