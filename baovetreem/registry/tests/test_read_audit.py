"""Every page of the register that shows many children (lists, searches, household pages, the
duplicate report and hints) writes one audit event: who, which filter, how many, which ids."""

import datetime as dt

from baovetreem.audit.models import AuditAction
from baovetreem.audit.reads import MAX_PAGE_SIZE
from baovetreem.registry import services
from baovetreem.registry.models import Carer, Child, Household
from baovetreem.testing.children import make_child
from baovetreem.testing.reads import ids_of, one_read


def _many(village, count: int, name: str = "Trẻ Số") -> list[Child]:
    return [
        make_child(village, f"{name} {n:03d}", dt.date(2017, 1, 1) + dt.timedelta(days=n))
        for n in range(count)
    ]


def test_child_list_writes_one_event_with_the_filter_the_total_and_only_the_ids_shown(
    world, client_for
):
    _many(world.V1a, 60)
    _many(world.V1b, 3)
    make_child(world.V2a, "Trẻ Xã Khác", dt.date(2017, 1, 1))
    response, event = one_read(
        client_for("xa1"), "/registry/", {"village": world.V1a.pk, "page": 2}
    )
    shown = ids_of(response.context["page"])
    assert len(shown) == 10
    assert event.actor == world.xa1 and event.object_type == "registry.child"
    assert event.after == {
        "filters": {"village": world.V1a.pk, "status": "living"},
        "shown": 10,
        "total": 60,
        "ids": shown,
    }
    assert event.location_path == world.V1a.path


def test_an_htmx_reload_of_the_child_list_is_a_read_too(world, kids, client_for):
    response, event = one_read(
        client_for("xa1"), "/registry/", {"q": "nguyen van an"}, HTTP_HX_REQUEST="true"
    )
    assert event.after["ids"] == [str(kids["an"].pk)] == ids_of(response.context["page"])
    assert event.after["filters"] == {"q": "nguyen van an", "status": "living"}


def test_no_query_string_makes_the_child_list_longer_than_the_cap(world, client_for):
    _many(world.V1a, MAX_PAGE_SIZE + 5)
    params = {"page_size": 100000, "per_page": 100000, "limit": 100000, "size": 100000}
    response, event = one_read(client_for("xa1"), "/registry/", params)
    assert len(response.context["page"]) <= MAX_PAGE_SIZE
    assert len(event.after["ids"]) == len(response.context["page"])


def test_deleted_list_is_a_read(world, kids, client_for):
    services.delete_child(world.xa1, kids["an"], reason="Nhập trùng")
    response, event = one_read(client_for("xa1"), "/registry/deleted/")
    assert event.after["ids"] == [str(kids["an"].pk)] == ids_of(response.context["page"])


def test_household_list_is_a_read_with_its_search(world, client_for):
    kept = services.create_household(world.xa1, village=world.V1a, head_name="Nguyễn Văn Ba")
    services.create_household(world.xa1, village=world.V1a, head_name="Trần Văn Tư")
    response, event = one_read(client_for("xa1"), "/registry/households/", {"q": "ba"})
    assert event.object_type == "registry.household"
    assert event.after["ids"] == [str(kept.pk)] == ids_of(response.context["page"])
    assert event.after["filters"] == {"q": "ba"} and event.after["total"] == 1


def test_household_page_shows_at_most_a_page_of_children_and_records_them(world, client_for):
    household = services.create_household(world.xa1, village=world.V1a, head_name="Lò Văn Páo")
    children = _many(world.V1a, MAX_PAGE_SIZE + 5, name="Lò Thị")
    Child.objects.filter(pk__in=[c.pk for c in children]).update(household=household)
    response, event = one_read(client_for("xa1"), f"/registry/households/{household.pk}/")
    shown = ids_of(response.context["children"])
    assert len(shown) == MAX_PAGE_SIZE
    assert event.object_type == "registry.child"
    assert event.after["filters"] == {"household": household.pk}
    assert event.after["ids"] == shown and event.after["total"] == MAX_PAGE_SIZE


def test_household_page_records_only_the_children_the_reader_may_see(world, client_for):
    household = Household.objects.create(village=world.V1a, head_name="Hộ Hai Thôn")
    own = make_child(world.V1a, "Trẻ Thôn Một", dt.date(2018, 1, 1), household=household)
    make_child(world.V1b, "Trẻ Thôn Hai", dt.date(2018, 1, 1), household=household)
    response, event = one_read(client_for("ctv1"), f"/registry/households/{household.pk}/")
    assert event.after["ids"] == [str(own.pk)] == ids_of(response.context["children"])


def test_opening_the_carer_form_is_an_audited_view_of_the_carer(world, kids, client_for):
    carer = Carer.objects.create(
        child=kids["an"], relationship="mother", full_name="Lê Thị Mai", phone="0912345678"
    )
    url = f"/registry/{kids['an'].pk}/carers/{carer.pk}/edit/"
    _, event = one_read(client_for("xa1"), url, action=AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("registry.carer", str(carer.pk))
    assert event.location_path == world.V1a.path


def test_duplicate_report_records_the_children_of_the_pairs_shown(world, client_for):
    a = make_child(world.V1a, "Hoàng Minh Khang", dt.date(2016, 1, 1), "male")
    b = make_child(world.V1b, "Hoang Minh Khang", dt.date(2016, 1, 1), "male")
    make_child(world.V1a, "Khác Hẳn Tên", dt.date(2012, 6, 6))
    response, event = one_read(client_for("xa1"), "/registry/duplicates/")
    assert len(response.context["page"]) == 1
    assert sorted(event.after["ids"]) == sorted([str(a.pk), str(b.pk)])
    assert event.after["total"] == 1 and event.note == "duplicate pairs"


def test_duplicate_hint_records_the_children_it_suggests(world, kids, client_for):
    response, event = one_read(
        client_for("xa1"),
        "/registry/duplicates/hint/",
        {"full_name": "Nguyễn Văn An", "date_of_birth": "04/05/2019"},
        HTTP_HX_REQUEST="true",
    )
    assert event.after["ids"] == [str(kids["an"].pk)]
    assert [c.child for c in response.context["duplicates"]] == [kids["an"]]
    assert event.after["filters"]["full_name"] == "Nguyễn Văn An"
