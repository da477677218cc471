"""The case lists and the register searches of the case pages are audited reads: one event with
the filter, the count and the ids shown (the intake search: test_intake_search.py)."""

import datetime as dt

from django.utils import timezone

from baovetreem.audit.models import AuditAction
from baovetreem.cases import services
from baovetreem.cases.tests.conftest import open_case, received
from baovetreem.testing.reads import events_since, ids_of, last_event_id, one_read


def test_case_list_writes_one_event_with_its_filter_and_only_the_cases_shown(world, client_for):
    cases = [
        open_case(world.xa1, world.V1a if n % 2 else world.V1b, child_name=f"Trẻ {n}")
        for n in range(55)
    ]
    open_case(world.xa2, world.V2a, child_name="Trẻ xã khác")
    response, event = one_read(client_for("giamsat"), "/cases/", {"open": "1", "page": "2"})
    shown = ids_of(response.context["page"])
    assert len(shown) == 5 and set(shown) <= {str(c.pk) for c in cases}
    assert event.object_type == "cases.case"
    assert event.after == {"filters": {"open": True}, "shown": 5, "total": 55, "ids": shown}
    assert event.location_path == world.C1.path


def test_overdue_list_records_that_it_showed_overdue_cases(world, client_for):
    late = open_case(
        world.xa1,
        world.V1a,
        received_at=received(dt.date(2026, 1, 5)),
        suspected_relationship="father",
    )
    open_case(world.xa1, world.V1a, received_at=timezone.now())  # not yet due
    response, event = one_read(client_for("xa1"), "/cases/overdue/")
    assert event.after["filters"] == {"overdue": True}
    assert event.after["ids"] == [str(late.pk)] == ids_of(response.context["page"])


def test_transfer_list_is_a_read_of_the_offered_cases(world, client_for):
    case = open_case(world.xa1, world.V1a)
    transfer = services.request_transfer(world.xa1, case, world.C2)
    response, event = one_read(client_for("xa2"), "/cases/transfers/")
    assert event.object_type == "cases.casetransfer"
    assert event.after["ids"] == [str(transfer.pk)] == ids_of(response.context["transfers"])


def test_register_search_on_the_case_page_is_one_read(world, kids, client_for):
    case = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An", child_estimated_age=6)
    response, event = one_read(
        client_for("xa1"),
        f"/cases/{case.pk}/child/search/",
        {"q": "le thi hoa"},
        HTTP_HX_REQUEST="true",
    )
    assert event.object_type == "registry.child" and event.note == "register search"
    assert event.after["filters"] == {"q": "le thi hoa"}
    assert event.after["ids"] == [str(kids["hoa"].pk)] == ids_of(response.context["results"])


def test_case_page_records_the_register_children_it_suggests_beside_the_case_view(
    world, kids, client_for
):
    case = open_case(
        world.tongdai,
        world.V1a,
        child_name="Nguyen Van An",
        child_date_of_birth=dt.date(2019, 5, 4),
    )
    client = client_for("xa1")
    before = last_event_id()
    response = client.get(f"/cases/{case.pk}/", {"q": "tran thi dung"})
    assert response.status_code == 200
    events = events_since(before)
    reads = [e for e in events if e.action == AuditAction.LIST]
    assert [e.action for e in events if e.action != AuditAction.LIST] == [AuditAction.VIEW]
    assert len(reads) == 1
    link = response.context["link"]
    shown = ids_of(link["results"]) + [str(c.child.pk) for c in link["duplicates"]]
    assert reads[0].after["ids"] == shown
    assert str(kids["dung"].pk) in shown
