"""The audit event page names what changed as the pages do, in Vietnamese, not by stored keys."""

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.reads import read_page
from baovetreem.locations.models import Location
from baovetreem.testing.english import english_left


def test_a_list_reads_event_names_its_filters_and_counts_in_vietnamese(world, client_for):
    read_page(
        world.admin,
        Location.objects.order_by("pk"),
        "1",
        per_page=5,
        filters={"q": "x"},
        location_path=world.P.path,
    )
    event = AuditEvent.objects.get(action=AuditAction.LIST)
    html = client_for("kiemtra").get(f"/audit/{event.pk}/").content.decode()
    assert "Số hồ sơ hiển thị" in html and "Số hồ sơ tìm thấy" in html and "Bộ lọc" in html
    assert not english_left(html)


def test_a_change_names_the_models_field_by_its_verbose_name(world, kids):
    event = AuditEvent(
        action=AuditAction.UPDATE,
        object_type="registry.child",
        before={"full_name": "A", "no_such_key": 1},
        after={"full_name": "B", "no_such_key": 2},
    )
    labels = [label for label, _before, _after in event.changed_fields()]
    assert labels == ["Họ và tên", "no_such_key"]
