"""An officer opens "Thêm nhóm" on a child's page, on a phone and on a desktop, and sees each
sub-group under its own group, with its code."""

import pytest

pytestmark = [pytest.mark.browser]

OPTIONS = """() => Array.from(document.querySelectorAll('#groups select[name=group] option'))
  .filter(o => o.value)
  .map(o => [o.parentElement.tagName === 'OPTGROUP' ? o.parentElement.label : '', o.text.trim(),
              o.value])"""


@pytest.mark.parametrize("width, height", [(375, 740), (1280, 860)])
def test_add_group_shows_each_sub_group_under_its_own_group(
    live_server, transactional_db, world, kids, page, sign_in, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    sign_in("xa1")
    page.goto(f"{live_server.url}/registry/{kids['an'].pk}/")
    page.click("#groups summary:has-text('Thêm nhóm')")
    picker = page.locator("#groups select[name=group]")
    assert picker.is_visible()

    options = page.evaluate(OPTIONS)
    special = [text for heading, text, _ in options if heading.startswith("Hoàn cảnh đặc biệt")]
    at_risk = [text for heading, text, _ in options if heading.startswith("Có nguy cơ")]
    assert special[:7] == [
        "a) Trẻ em mồ côi cả cha và mẹ",
        "a1) Không có người chăm sóc",
        special[2],
        special[3],
        special[4],
        "b) Trẻ em bị bỏ rơi",
        "b1) Chưa được chăm sóc thay thế",
    ]
    assert [text.split(")")[0] for text in special[2:5]] == ["a2", "a3", "a4"]
    d = special.index("d) Trẻ em khuyết tật")
    assert special[d + 1 : d + 4] == [
        "d1) Khuyết tật đặc biệt nặng",
        "d2) Khuyết tật nặng",
        "d3) Khuyết tật nhẹ",
    ]
    assert special[d + 4].startswith("đ) ")
    assert len(special) == 14 + 12 and len(at_risk) == 11
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll

    picker.select_option(value=next(value for _, text, value in options if text.startswith("d2)")))
    page.fill("#groups input[name=start_date]", "01/03/2024")
    page.click("#groups form[action$='/groups/'] button[type=submit]")
    assert (
        "d) Trẻ em khuyết tật — d2) Khuyết tật nặng" in page.locator("#groups table").inner_text()
    )
