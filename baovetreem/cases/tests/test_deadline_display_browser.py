"""A worker sees the time left on the 12-hour emergency deadline on a phone and on a desktop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baovetreem.cases import services
from baovetreem.cases.tests.conftest import open_case

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("width", [375, 1280])
def test_worker_sees_the_emergency_time_left_on_home_list_and_queue(
    live_server, transactional_db, world, page, sign_in, width
):
    received_at = timezone.now() - dt.timedelta(hours=8, minutes=40, seconds=-30)
    case = open_case(world.xa1, world.V1a, received_at=received_at, suspected_relationship="father")
    services.assign(world.xa1, case, world.canbo)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in("canbo")

    card = page.locator(".home-card", has_text="12 giờ")
    assert "còn 3 giờ 20 phút" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    for url in ("/cases/", "/cases/mine/"):
        page.goto(f"{live_server.url}{url}")
        row = page.locator("tr", has_text=case.code)
        assert row.locator(".emergency-left").inner_text().endswith("còn 3 giờ 20 phút")
        assert "Người thử canbo" in row.locator(".assignees").inner_text()
        assert row.locator(".emergency-left").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
