"""A collaborator's home page is their village: its children, what their records miss (the
to-do list), the children turning 6 or 16 soon; and the add-child form shows likely duplicates
beside the name and date of birth, with no sex chosen in advance."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.registry.filters import years_ago
from baovetreem.registry.models import Measurement
from baovetreem.testing.children import make_child


def _cards(response) -> dict[str, object]:
    return {card.label: card for card in response.context["cards"]}


@pytest.fixture
def village(world):
    """Thôn Một (V1a) with children lacking each thing a collaborator goes to check."""
    today = timezone.localdate()
    children = {
        # 3 years old, no card, birth not registered, never measured
        "tam": make_child(world.V1a, "Lò Văn Tám", years_ago(today, 3) - dt.timedelta(days=40)),
        # 2 years old, card expired, registered, measured last year only
        "mai": make_child(
            world.V1a,
            "Hà Thị Mai",
            years_ago(today, 2) - dt.timedelta(days=100),
            insurance_number="TE1220012345678",
            insurance_valid_until=today - dt.timedelta(days=3),
            birth_registered_on=years_ago(today, 2) - dt.timedelta(days=90),
        ),
        # 4 years old with everything in order and measured this year
        "khoa": make_child(
            world.V1a,
            "Tạ Minh Khoa",
            years_ago(today, 4) - dt.timedelta(days=100),
            insurance_number="TE1220012345679",
            insurance_valid_until=today + dt.timedelta(days=300),
            birth_registered_on=years_ago(today, 4) - dt.timedelta(days=90),
        ),
        # turns 6 in 20 days, turns 16 in 50 days, turns 16 in 90 days (outside the window)
        "sau": make_child(
            world.V1a,
            "Vi Thị Sáu",
            years_ago(today + dt.timedelta(days=20), 6),
            birth_registered_on=years_ago(today, 6),
        ),
        "muoi": make_child(
            world.V1a,
            "Nông Văn Mười",
            years_ago(today + dt.timedelta(days=50), 16),
            birth_registered_on=years_ago(today, 15),
        ),
        "xa": make_child(
            world.V1a,
            "Nông Văn Xa",
            years_ago(today + dt.timedelta(days=90), 16),
            birth_registered_on=years_ago(today, 15),
        ),
        # another village of the same commune: never on ctv1's home
        "khac": make_child(world.V1b, "Lò Thị Khác", years_ago(today, 1)),
    }
    Measurement.objects.create(
        child=children["mai"], measured_on=today.replace(month=1, day=1) - dt.timedelta(days=20)
    )
    Measurement.objects.create(child=children["khoa"], measured_on=today.replace(month=1, day=1))
    return children


def test_collaborator_home_shows_their_village_and_what_is_missing(world, village, client_for):
    response = client_for("ctv1").get("/")
    cards = _cards(response)
    assert {card.section for card in cards.values()} == {"Thôn Một"}
    assert cards["Trẻ em đang sinh sống tại thôn"].count == 6
    insurance = cards["Cần làm: chưa có thẻ BHYT còn hạn (dưới 6 tuổi)"]
    assert [(i.label, i.detail) for i in insurance.items] == [
        ("Hà Thị Mai", f"thẻ hết hạn {timezone.localdate() - dt.timedelta(days=3):%d/%m/%Y}"),
        ("Lò Văn Tám", "3 tuổi, chưa có thẻ"),
        ("Vi Thị Sáu", "5 tuổi, chưa có thẻ"),  # free card until 6, none yet
    ]
    assert (
        insurance.warn and insurance.url == f"/registry/?village={world.V1a.pk}&missing=insurance"
    )
    registration = cards["Cần làm: chưa đăng ký khai sinh"]
    assert [i.label for i in registration.items] == ["Lò Văn Tám"]
    measured = cards["Cần làm: chưa cân đo trong năm nay (dưới 5 tuổi)"]
    assert [i.label for i in measured.items] == ["Hà Thị Mai", "Lò Văn Tám"]
    assert measured.items[1].detail == "3 tuổi, chưa cân đo lần nào"
    assert measured.items[0].detail.startswith("2 tuổi, cân đo lần cuối ")
    turning = cards["Sắp tròn 6 hoặc 16 tuổi trong 60 ngày tới"]
    assert [i.label for i in turning.items] == ["Vi Thị Sáu", "Nông Văn Mười"]
    assert turning.items[0].detail.startswith("tròn 6 tuổi ngày ")
    page = response.content.decode()
    assert "Lò Thị Khác" not in page
    assert 'href="/registry/new/"' in page  # "Thêm trẻ" straight from the village


def test_each_to_do_count_is_what_its_list_link_shows(world, village, client_for):
    client = client_for("ctv1")
    to_do = [c for c in client.get("/").context["cards"] if c.label.startswith("Cần làm")]
    assert [card.count for card in to_do] == [3, 1, 2]
    for card in to_do:
        listed = client.get(card.url).content.decode()
        shown = re.findall(r'href="/registry/(\d+)/"', listed)
        assert len(set(shown)) == card.count, card.label


def test_birthday_window_is_a_setting(world, village, client_for, settings):
    settings.VILLAGE_HOME_BIRTHDAY_DAYS = 100
    cards = _cards(client_for("ctv1").get("/"))
    turning = cards["Sắp tròn 6 hoặc 16 tuổi trong 100 ngày tới"]
    assert [i.label for i in turning.items] == ["Vi Thị Sáu", "Nông Văn Mười", "Nông Văn Xa"]


def test_the_children_named_on_the_home_page_are_an_audited_read(world, village, client_for):
    client_for("ctv1").get("/")
    event = AuditEvent.objects.get(action=AuditAction.LIST, note="village home page")
    assert event.actor == world.ctv1
    named = {village[n].pk for n in ("tam", "mai", "sau", "muoi")}  # Khoa lacks nothing
    assert set(map(int, event.after["ids"])) == named


def test_commune_officer_home_has_no_village_cards(world, village, client_for):
    cards = client_for("xa1").get("/").context["cards"]
    assert not [card for card in cards if card.section]


# -- the add-child form ---------------------------------------------------------------------


def test_hint_finds_a_child_by_a_close_name_while_no_date_of_birth_is_typed(
    world, kids, client_for
):
    response = client_for("ctv1").get("/registry/duplicates/hint/", {"full_name": "Nguyen Van An"})
    assert "Nguyễn Văn An" in response.content.decode()


def test_hint_finds_a_child_whose_year_of_birth_was_typed_one_off(world, kids, client_for):
    client = client_for("ctv1")
    for typed in ("04/05/2018", "04/05/2020"):  # An was born 04/05/2019
        page = client.get(
            "/registry/duplicates/hint/", {"full_name": "Nguyễn Văn An", "date_of_birth": typed}
        ).content.decode()
        assert "Nguyễn Văn An" in page and "lệch một năm" in page, typed


def test_saving_with_the_year_one_off_shows_the_likely_duplicate_first(world, kids, client_for):
    response = client_for("ctv1").post(
        "/registry/new/",
        {
            "village": world.V1a.pk,
            "full_name": "Nguyễn Văn An",
            "sex": "male",
            "date_of_birth": "04/05/2020",
            "birth_date_precision": "day",
            "ethnicity": "01",
            "parents_status": "unknown",
        },
    )
    assert response.status_code == 200  # not saved: the form asks first
    assert [c.child for c in response.context["duplicates"]] == [kids["an"]]


def test_the_hint_sits_right_under_the_name_and_date_of_birth(world, client_for):
    page = client_for("ctv1").get("/registry/new/").content.decode()
    name = page.index('name="full_name"')
    born = page.index('name="date_of_birth"')
    hint = page.index('id="duplicate-hint"')
    following = page.index('name="birth_date_precision"')
    assert name < born < hint < following


def test_sex_has_no_default_and_must_be_chosen(world, client_for):
    client = client_for("ctv1")
    page = client.get("/registry/new/").content.decode()
    select = page[page.index('name="sex"') : page.index("</select>", page.index('name="sex"'))]
    assert '<option value="" selected>— Chọn —</option>' in select
    response = client.post(
        "/registry/new/",
        {
            "village": world.V1a.pk,
            "full_name": "Đào Thị Yên",
            "date_of_birth": "01/02/2020",
            "birth_date_precision": "day",
            "ethnicity": "01",
            "parents_status": "unknown",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sex"] == ["Hãy chọn giới tính của trẻ."]
