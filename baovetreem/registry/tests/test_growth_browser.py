"""In a Vietnamese Chromium, an officer types "12,0" kg and sees a nine-year-old's BMI-for-age."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from baovetreem.registry.models import Measurement
from baovetreem.testing.children import make_child

pytestmark = [pytest.mark.browser]


def test_officer_types_a_weight_with_a_decimal_comma(live_server, transactional_db, world, sign_in):
    """ "12,0" and "86,5" go through the browser and are stored as 12.0 kg and 86.5 cm."""
    child = make_child(world.V1a, "Trần Thị Dũng", dt.date(2021, 2, 10))
    page = sign_in("xa1")
    page.goto(f"{live_server.url}/registry/{child.pk}/")
    page.click("text=Ghi kết quả cân đo")
    page.fill("#growth input[name=measured_on]", "10/08/2023")
    page.fill("#growth input[name=weight_kg]", "12,0")
    page.fill("#growth input[name=height_cm]", "86,5")
    assert page.input_value("#growth input[name=weight_kg]") == "12,0"
    page.click("#growth button[type=submit]")
    page.wait_for_url(re.compile(rf"/registry/{child.pk}/$"))
    assert "Đã ghi kết quả cân đo" in page.locator(".messages").inner_text()
    m = Measurement.objects.get(child=child)
    assert (m.weight_kg, m.height_cm) == (Decimal("12.0"), Decimal("86.5"))
    assert "12,00" in page.locator("#growth table").inner_text()


def test_child_over_five_shows_bmi_for_age_with_its_classification(
    live_server, transactional_db, world, sign_in
):
    """A nine-year-old's row has a BMI-for-age z and the Vietnamese label "béo phì"."""
    child = make_child(world.V1a, "Lý Văn Tài", dt.date(2015, 3, 1), "male")
    page = sign_in("xa1")
    page.goto(f"{live_server.url}/registry/{child.pk}/")
    page.click("text=Ghi kết quả cân đo")
    page.fill("#growth input[name=measured_on]", "15/03/2024")
    page.fill("#growth input[name=weight_kg]", "40")
    page.fill("#growth input[name=height_cm]", "120,0")
    page.click("#growth button[type=submit]")
    page.wait_for_url(re.compile(rf"/registry/{child.pk}/$"))
    table = page.locator("#growth table")
    assert "Z BMI/tuổi" in table.inner_text()
    cell = table.locator("td[data-label='Z BMI/tuổi']").first
    assert "béo phì" in cell.inner_text()
    assert "thấp còi" in table.locator("td[data-label='Z chiều cao/tuổi']").first.inner_text()
