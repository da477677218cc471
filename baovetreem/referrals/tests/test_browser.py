"""A commune officer on a phone refers a child, ticking the consents, and records the answer."""

import re

import pytest

from baovetreem.referrals.models import Referral, ReferralStatus
from baovetreem.referrals.tests.conftest import open_case, provider
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_officer_refers_a_child_on_a_phone(live_server, transactional_db, world, page):
    case = open_case(world.xa1, world.V1a)
    station = provider(world.C1, services="Khám, điều trị, tư vấn sức khỏe")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/referrals/providers/")
    assert station.name in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto(f"{live_server.url}/referrals/case/{case.pk}/")
    page.click("#refer summary")
    page.select_option("#id_provider", str(station.pk))
    page.select_option("#id_service_kind", "health_care")
    page.fill("#id_reason", "Khám vết thương ở tay.")
    page.check("#id_consent_carer")
    page.click("#refer button[type=submit]")
    page.wait_for_url(re.compile(rf"/referrals/case/{case.pk}/refer/$"))
    assert "7" in page.inner_text("#refer .consent")  # the child, about 9, must agree too
    assert not Referral.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.check("#id_consent_child")
    page.check("#id_consent_carer")
    page.click("#refer button[type=submit]")
    page.wait_for_url(re.compile(r"/referrals/\d+/$"))
    referral = Referral.objects.get()
    page.select_option("#id_status", "accepted")
    page.click("form button[type=submit].btn")
    page.wait_for_url(re.compile(rf"/referrals/{referral.pk}/$"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
