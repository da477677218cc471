"""A collaborator on a phone registers a child, is warned of a likely duplicate, and saves."""

import datetime as dt
import re

import pytest

from baovetreem.registry.models import Child
from baovetreem.testing.children import make_child
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_collaborator_registers_a_child_on_a_phone(live_server, transactional_db, world, page):
    make_child(world.V1a, "Nguyễn Văn An", dt.date(2019, 5, 4), "male")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "ctv1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))

    page.click("label.nav-toggle-label")
    page.click("nav.mainnav >> text=Trẻ em")
    page.wait_for_url(re.compile(r"/registry/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # filters fit the phone
    page.click("text=Thêm trẻ")
    page.select_option("#id_village", str(world.V1a.pk))
    page.fill("#id_full_name", "nguyen van an")  # typed without diacritics
    page.select_option("#id_sex", "male")
    page.fill("#id_date_of_birth", "04/05/2019")
    page.click("button[type=submit].btn")

    warning = page.locator(".warning-box")
    assert "có thể đã có trong sổ" in warning.inner_text()
    assert "Nguyễn Văn An" in warning.inner_text()
    assert Child.objects.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling

    page.click("text=Đây là trẻ khác: lưu")
    page.wait_for_url(re.compile(r"/registry/\d+/$"))
    assert "Đã thêm" in page.locator(".messages").inner_text()
    assert Child.objects.count() == 2
    page.click("text=Ghi kết quả cân đo")
    page.fill("#growth input[name=weight_kg]", "18.5")
    page.fill("#growth input[name=height_cm]", "110")
    page.click("#growth button[type=submit]")
    assert "Đã ghi kết quả cân đo" in page.locator(".messages").inner_text()
    assert (
        "18.5" in page.locator("#growth table").inner_text()
        or "18,5" in page.locator("#growth table").inner_text()
    )
