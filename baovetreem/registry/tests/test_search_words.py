"""Search by words: the words of a query found apart or in another order in one person's name
find the child even when other names hold the exact phrase, and a result found through a carer's
or the head of household's name says so (on both databases, commune-wide and province-wide)."""

import datetime as dt

import pytest

from baovetreem.registry.models import Carer, Household
from baovetreem.registry.search import explain_matches, search_children
from baovetreem.testing.children import make_child


def names(children) -> set[str]:
    return {child.full_name for child in children}


@pytest.fixture
def province_reader(world):
    """A user holding the register's rights over the whole province P."""
    from baovetreem.accounts.services import provision_user

    return provision_user(
        username="doc_tinh", password="x-12345678", role_code="commune_officer", location=world.P
    )


@pytest.fixture
def namesakes(world, kids):
    """Nguyễn An Khang holds the phrase "nguyen an"; Nguyễn Văn An has the words apart; Trần
    Thị An holds "tran thi an", Trần Thị Hồng An has those words apart; Phan Văn Đức has the
    words of "duc hoa" only across two people (himself and his mother Lê Thị Hoà)."""
    make_child(world.V1a, "Nguyễn An Khang", dt.date(2018, 6, 1), "male")
    make_child(world.V1b, "Trần Thị An", dt.date(2017, 2, 2))
    make_child(world.V1b, "Trần Thị Hồng An", dt.date(2016, 3, 3))
    duc = make_child(world.V1a, "Phan Văn Đức", dt.date(2015, 4, 4), "male")
    Carer(child=duc, relationship="mother", full_name="Lê Thị Hoà").save()
    return kids


QUERIES = [
    ("nguyen an", {"Nguyễn An Khang", "Nguyễn Văn An"}),
    ("an nguyen", {"Nguyễn An Khang", "Nguyễn Văn An"}),
    ("Nguyễn An", {"Nguyễn An Khang", "Nguyễn Văn An"}),
    ("tran thi an", {"Trần Thị An", "Trần Thị Hồng An"}),
    ("an tran thi", {"Trần Thị An", "Trần Thị Hồng An"}),
    ("thi hong an", {"Trần Thị Hồng An"}),
]


@pytest.mark.parametrize("query, found", QUERIES)
def test_words_apart_or_out_of_order_find_the_name_beside_the_exact_phrase(
    world, namesakes, query, found
):
    assert names(search_children(world.xa1, query)) == found


@pytest.mark.parametrize("query, found", QUERIES)
def test_province_wide_search_finds_words_apart_beside_the_exact_phrase(
    world, namesakes, province_reader, query, found
):
    assert names(search_children(province_reader, query)) == found


@pytest.mark.parametrize("few", [0, 3000])
def test_full_name_with_words_apart_is_found_whichever_plan_serves_it(
    world, namesakes, province_reader, monkeypatch, few
):
    from baovetreem.registry import search

    monkeypatch.setattr(search, "FEW_MATCHES", few)
    found = search_children(province_reader, "tran thi an")
    assert names(found) == {"Trần Thị An", "Trần Thị Hồng An"}


def test_words_spread_over_two_people_do_not_make_a_match(world, namesakes):
    """ "duc hoa": Đức is the child, Hoà his mother; no one person is named with both words."""
    assert names(search_children(world.xa1, "duc hoa")) == set()
    assert names(search_children(world.xa1, "le thi hoa")) == {"Phan Văn Đức", "Lê Thị Hoa"}


@pytest.fixture
def family(world, kids):
    """Nguyễn Văn An's mother Lê Thị Mận and the head of his household, Hoàng Văn Tư."""
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
        ("le thi man", "khớp tên người chăm sóc: Lê Thị Mận"),
        ("man thi", "khớp tên người chăm sóc: Lê Thị Mận"),
        ("hoang van tu", "khớp tên chủ hộ: Hoàng Văn Tư"),
        ("nguyen van an", ""),
        ("an", ""),
    ],
)
def test_a_result_found_through_a_carer_or_household_head_says_why(
    world, family, query, reason, django_assert_max_num_queries
):
    found = list(search_children(world.xa1, query))
    an = next(child for child in found if child.full_name == "Nguyễn Văn An")
    with django_assert_max_num_queries(2):
        explain_matches(found, query)
    assert an.match_reason == reason


def test_register_list_shows_why_a_child_matched(world, family, client_for):
    page = client_for("xa1").get("/registry/", {"q": "le thi man"}).content.decode()
    assert "Nguyễn Văn An" in page
    assert "khớp tên người chăm sóc: Lê Thị Mận" in page
    page = client_for("xa1").get("/registry/", {"q": "hoang van tu"}).content.decode()
    assert "khớp tên chủ hộ: Hoàng Văn Tư" in page


@pytest.mark.parametrize("few", [0, 3000])
@pytest.mark.parametrize(
    "query, found",
    [
        ("van bui van", {"Bùi Văn Vấn"}),  # "van" twice: two words begin with it
        ("ha thu thi nguyen", {"Nguyễn Thị Thu Hà"}),  # four words, in another order
        ("nguyen thi ha", {"Nguyễn Thị Thu Hà", "Nguyễn Thị Hà"}),
    ],
)
def test_repeated_words_and_long_names_are_matched_word_by_word(
    world, province_reader, monkeypatch, few, query, found
):
    from baovetreem.registry import search

    for name in ("Bùi Văn Vấn", "Bùi Văn An", "Nguyễn Thị Thu Hà", "Nguyễn Thị Hà"):
        make_child(world.V1a, name, dt.date(2017, 1, 1))
    monkeypatch.setattr(search, "FEW_MATCHES", few)
    assert names(search_children(world.xa1, query)) == found
    assert names(search_children(province_reader, query)) == found


def test_a_query_repeating_a_word_many_times_finds_nobody_without_an_error(world, kids):
    assert names(search_children(world.xa1, " ".join(["an"] * 300))) == set()
