"""API lists of personal data: pages of at most 100 records, and one audit event per read that
says who read, with which filters, how many records matched and which ids were returned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from baovetreem.accounts.models import ApiToken
from baovetreem.api.pagination import MAX_PAGE_SIZE
from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases.tests.conftest import open_case
from baovetreem.hotline.models import Contact, Line, Outcome, TopicCategory
from baovetreem.registry.models import Household
from baovetreem.testing.children import make_child

LISTS = [
    ("/api/v1/registry/children", "xa1"),
    ("/api/v1/registry/households", "xa1"),
    ("/api/v1/cases", "xa1"),
    ("/api/v1/hotline/contacts", "tongdai"),
    ("/api/v1/locations/", "xa1"),
]


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _list_events():
    return AuditEvent.objects.filter(action=AuditAction.LIST).order_by("id")


@pytest.mark.parametrize(("url", "persona"), LISTS)
def test_a_page_larger_than_the_cap_is_refused_with_a_clear_message(world, url, persona):
    client = _client(getattr(world, persona))
    response = client.get(url, {"limit": 100_000})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "invalid"
    assert str(MAX_PAGE_SIZE) in body["errors"]["limit"][0]
    assert not _list_events().exists()
    assert client.get(url, {"limit": MAX_PAGE_SIZE}).status_code == 200


def test_the_cap_and_the_audit_are_documented_on_every_list(client_for):
    schema = client_for("xa1").get("/api/v1/openapi.json").json()
    for url, _persona in LISTS:
        operation = schema["paths"][url]["get"]
        assert f"at most {MAX_PAGE_SIZE} records" in operation["description"]
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == MAX_PAGE_SIZE
        audited = "audit log" in operation["description"]
        assert audited == (url != "/api/v1/locations/"), url


def test_a_children_search_leaves_one_event_with_filter_count_and_ids(world, kids):
    extra = [make_child(world.V1a, f"Nguyễn Văn Tí {n}", dt.date(2018, 1, 1 + n)) for n in range(3)]
    client = _client(world.xa1)
    page = client.get(
        "/api/v1/registry/children", {"q": "nguyen van", "village": world.V1a.pk, "limit": 2}
    ).json()
    events = list(_list_events())
    assert len(events) == 1
    event = events[0]
    assert event.actor == world.xa1 and event.object_type == "registry.child"
    assert event.note == "api"
    assert event.after["filters"] == {"q": "nguyen van", "village": world.V1a.pk}
    assert event.after["total"] == page["count"] == 4  # An and the three Tí
    assert event.after["ids"] == [str(item["id"]) for item in page["items"]]
    assert len(event.after["ids"]) == 2
    assert {str(c.pk) for c in extra} | {str(kids["an"].pk)} >= set(event.after["ids"])
    assert event.location_path.startswith(world.V1a.path)


def test_each_list_of_personal_data_leaves_one_event_per_read(world, kids):
    Household.objects.create(village=world.V1a, head_name="Nguyễn Văn Hộ")
    open_case(world.xa1, world.V1a)
    Contact.objects.create(
        location=world.C1,
        received_at=timezone.now(),
        line=Line.NATIONAL_111,
        caller_type="neighbour",
        topic=TopicCategory.objects.filter(parent__isnull=False).first(),
        outcome=Outcome.COUNSELLING,
        operator=world.tongdai,
    )
    expected = {
        "/api/v1/registry/children": "registry.child",
        "/api/v1/registry/households": "registry.household",
        "/api/v1/cases": "cases.case",
        "/api/v1/hotline/contacts": "hotline.contact",
    }
    for url, persona in LISTS:
        before = _list_events().count()
        page = _client(getattr(world, persona)).get(url).json()
        events = list(_list_events()[before:])
        if url not in expected:
            assert events == [], url  # units are not personal data
            continue
        assert len(events) == 1, url
        assert events[0].object_type == expected[url]
        assert events[0].after["total"] == page["count"] >= 1
        assert events[0].after["ids"] == [str(item["id"]) for item in page["items"]]


def test_a_refused_list_read_leaves_no_event(world):
    client = _client(world.xa1)
    assert client.get("/api/v1/registry/children", {"offset": -1}).status_code == 422
    assert client.get("/api/v1/cases", {"state": "no_such_state"}).status_code == 422
    assert not _list_events().exists()
