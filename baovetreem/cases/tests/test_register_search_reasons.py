"""The register search box of the intake and case pages says why a child matched when it was
through a carer's or the household head's name."""

import pytest

from baovetreem.registry.models import Carer, Household


@pytest.fixture
def family(world, kids):
    household = Household(village=world.V1a, head_name="Hoàng Văn Tư")
    household.save()
    an = kids["an"]
    an.household = household
    an.save()
    Carer(child=an, relationship="mother", full_name="Lê Thị Mận").save()
    an.refresh_search_text()
    return kids


@pytest.mark.parametrize(
    "query, reason",
    [
        ("man le", "khớp tên người chăm sóc: Lê Thị Mận"),
        ("tu hoang", "khớp tên chủ hộ: Hoàng Văn Tư"),
    ],
)
def test_intake_search_says_why_a_child_matched(client_for, family, query, reason):
    page = client_for("xa1").get("/cases/new/children/", {"q": query}).content.decode()
    assert "Nguyễn Văn An" in page
    assert reason in page


def test_intake_search_says_nothing_when_the_childs_own_name_matched(client_for, family):
    page = client_for("xa1").get("/cases/new/children/", {"q": "an nguyen"}).content.decode()
    assert "Nguyễn Văn An" in page
    assert "khớp tên" not in page
