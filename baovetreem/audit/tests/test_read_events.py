"""One audit event per list or search read: who, which filter, how many, which ids."""

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.services import _common_path, record_read
from baovetreem.locations.models import Location


def test_common_path_is_the_deepest_shared_unit():
    assert _common_path(["/1/2/3/", "/1/2/4/"]) == "/1/2/"
    assert _common_path(["/1/2/3/", "/1/2/3/"]) == "/1/2/3/"
    assert _common_path(["/1/2/", "/5/"]) == ""
    assert _common_path([]) == ""


def test_list_read_records_filter_count_and_ids_under_the_shared_unit(world):
    villages = list(Location.objects.filter(pk__in=[world.V1a.pk, world.V1b.pk]))
    event = record_read(
        world.xa1, Location, villages, filters={"q": "an", "empty": ""}, total=7, note="test"
    )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.action == AuditAction.LIST
    assert event.actor == world.xa1
    assert event.object_type == "locations.location"
    assert event.location_path == world.C1.path
    assert event.after == {
        "filters": {"q": "an"},
        "shown": 2,
        "total": 7,
        "ids": [str(world.V1a.pk), str(world.V1b.pk)],
    }
