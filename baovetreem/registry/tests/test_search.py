"""Search: with or without diacritics, by the child's, a carer's or the head of household's
name, by date of birth or ID number, always inside the user's scope (on both databases, and on
PostgreSQL through each plan the search may choose)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baovetreem.registry.models import Carer, Household
from baovetreem.registry.search import likely_duplicates, search_children
from baovetreem.testing.children import make_child


def names(children) -> set[str]:
    return {child.full_name for child in children}


@pytest.fixture
def family(world, kids):
    """Nguyễn Văn An's mother and his household head, and a namesake in another province."""
    household = Household(village=world.V1a, head_name="Hoàng Văn Tư")
    household.save()
    an = kids["an"]
    an.household = household
    an.save()
    Carer(child=an, relationship="mother", full_name="Lê Thị Mận").save()
    an.refresh_search_text()
    make_child(world.V3a, "Nguyễn Văn An", dt.date(2019, 5, 4), "male")
    return kids


@pytest.mark.parametrize(
    "query, found",
    [
        ("nguyen van an", {"Nguyễn Văn An"}),
        ("Nguyễn Văn An", {"Nguyễn Văn An"}),
        ("NGUYEN  VAN   AN", {"Nguyễn Văn An"}),
        ("dung", {"Trần Thị Dũng"}),
        ("van an", {"Nguyễn Văn An"}),
        ("an van", {"Nguyễn Văn An"}),  # words in another order, when no name holds the phrase
        ("an van nguyen", {"Nguyễn Văn An"}),
        ("le thi man", {"Nguyễn Văn An"}),  # his mother
        ("hoang van tu", {"Nguyễn Văn An"}),  # the head of his household
        ("04/05/2019", {"Nguyễn Văn An"}),
        ("2021", {"Trần Thị Dũng"}),
        ("thi", {"Trần Thị Dũng", "Lê Thị Hoa", "Nguyễn Văn An"}),  # An's mother: Lê Thị Mận
        ("khong co ai", set()),
    ],
)
def test_commune_officer_finds_children_of_the_commune_only(world, family, query, found):
    assert names(search_children(world.xa1, query)) == found


@pytest.fixture
def province_reader(world):
    """A user holding the register's rights over the whole province P."""
    from baovetreem.accounts.services import provision_user

    return provision_user(
        username="doc_tinh", password="x-12345678", role_code="commune_officer", location=world.P
    )


@pytest.mark.parametrize(
    "query", ["nguyen van an", "le thi man", "hoang van tu", "van an", "an van nguyen"]
)
def test_province_wide_search_finds_by_any_name_but_not_in_another_province(
    world, family, province_reader, query
):
    found = list(search_children(province_reader, query).order_by("name_normalized"))
    assert [child.pk for child in found] == [family["an"].pk]


def test_search_by_personal_id(world, kids):
    child = kids["hoa"]
    child.personal_id = "001315000123"
    child.save()
    assert names(search_children(world.xa1, "0013 1500 0123")) == {"Lê Thị Hoa"}
    assert names(search_children(world.xa2, "001315000123")) == set()


def test_collaborator_searches_only_their_village(world, kids):
    assert names(search_children(world.ctv1, "thi")) == {"Trần Thị Dũng"}
    assert names(search_children(world.ctv1, "hoa")) == set()


@pytest.mark.parametrize("few", [0, 1, 3000])
def test_full_name_search_gives_the_same_children_whichever_plan_serves_it(
    world, family, province_reader, monkeypatch, few
):
    """Over a province, a full name is first looked up person by person when few children
    match (PostgreSQL); past the bound, the usual plan serves it: same answer either way."""
    from baovetreem.registry import search

    make_child(world.V2a, "Nguyễn Văn Ấn", dt.date(2017, 3, 3), "male")
    monkeypatch.setattr(search, "FEW_MATCHES", few)
    found = search_children(province_reader, "nguyen van an").order_by("name_normalized", "pk")
    assert [child.full_name for child in found] == ["Nguyễn Văn An", "Nguyễn Văn Ấn"]


def _namesakes(world, first: int, count: int) -> None:
    for n in range(first, first + count):
        village = world.V1a if n % 2 else world.V1b
        child = make_child(village, f"Vũ Văn Long {n}", dt.date(2016, 3, 3), "male")
        Carer.objects.create(child=child, relationship="mother", full_name=f"Đặng Thị Lan {n}")


def test_likely_duplicates_bring_what_the_hints_show_in_their_query(
    world, django_assert_num_queries
):
    _namesakes(world, 0, 4)
    found = likely_duplicates(world.xa1, full_name="Vu Van Long", date_of_birth=dt.date(2016, 3, 3))
    assert len(found) == 4
    with django_assert_num_queries(0):
        shown = [
            (
                c.child.village.name,
                c.child.village.parent.name,
                [p.full_name for p in c.child.carers.all()],
            )
            for c in found
        ]
    assert {village for village, _, _ in shown} == {world.V1a.name, world.V1b.name}


def test_duplicate_hint_partial_has_constant_queries(world, client_for):
    client = client_for("xa1")
    hint = {"full_name": "Vu Van Long", "date_of_birth": "03/03/2016"}

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/registry/duplicates/hint/", hint, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode().count("Vũ Văn Long")

    _namesakes(world, 0, 2)
    few, shown = queries()
    assert shown == 2
    _namesakes(world, 2, 10)
    many, shown = queries()
    assert shown == 8  # likely_duplicates returns the best 8
    # Session, user, grants (3), the children with their villages, their carers, the insert of
    # the read's audit event; no menu counters.
    assert many == few <= 8
