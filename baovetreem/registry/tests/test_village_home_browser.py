"""A collaborator signs in on a phone and on a desktop, finds their village with what its
records miss, opens "add a child", types a name close to a child already in the register with
no date of birth, and sees the likely duplicate right under the fields they are typing."""

import datetime as dt

import pytest

from baovetreem.testing.browser import ARTIFACTS
from baovetreem.testing.children import make_child

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("width, height", [(375, 740), (1280, 860)])
def test_collaborator_sees_their_village_and_a_duplicate_beside_the_name(
    live_server, transactional_db, world, kids, page, sign_in, width, height
):
    make_child(world.V1a, "Lò Văn Tám", dt.date.today().replace(day=1) - dt.timedelta(days=900))
    page.set_viewport_size({"width": width, "height": height})
    sign_in("ctv1")

    home = page.locator("main")
    assert page.locator("h2.home-section").first.inner_text() == "Thôn Một"
    to_do = page.locator("section.home-card", has_text="chưa đăng ký khai sinh")
    assert to_do.locator(".stat").inner_text() == "3"
    assert "Lò Văn Tám" in to_do.inner_text()
    assert "Lê Thị Hoa" not in home.inner_text()  # another village
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    link = to_do.locator(".home-card-items a").first
    assert link.bounding_box()["height"] >= 44  # a finger's touch target
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"village-home-{width}.png"), full_page=True)

    page.click("main a.btn:has-text('Thêm trẻ')")
    page.wait_for_url("**/registry/new/")
    assert page.locator("select[name=sex]").input_value() == ""  # no sex chosen in advance
    page.fill("input[name=full_name]", "Nguyen Van An")  # no diacritics, no date of birth
    hint = page.locator("#duplicate-hint")
    hint.locator("a:has-text('Nguyễn Văn An')").wait_for()
    # Right under the date of birth, above the next field: where the collaborator is typing.
    born = page.locator("input[name=date_of_birth]").bounding_box()
    box = hint.bounding_box()
    precision = page.locator("select[name=birth_date_precision]").bounding_box()
    assert born["y"] < box["y"] < precision["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"add-child-hint-{width}.png"), full_page=True)
