import pytest
from django.db import transaction

from baovetreem.audit.models import AuditEvent, ImmutableAuditError
from baovetreem.locations import services
from baovetreem.locations.models import Location


def test_audit_row_is_rolled_back_with_the_change_it_describes(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_village(
            world.xa1, commune=world.C1, code="T77", name="Thôn Tạm", kind="thon"
        )
        assert AuditEvent.objects.filter(object_repr="Thôn Tạm").exists()
        raise RuntimeError("crash after the write")
    assert not Location.objects.filter(code="T77").exists()
    assert not AuditEvent.objects.filter(object_repr="Thôn Tạm").exists()


def test_audit_events_cannot_be_changed_or_deleted(world):
    village = services.create_village(
        world.xa1, commune=world.C1, code="T78", name="Thôn X", kind="thon"
    )
    event = AuditEvent.objects.get(object_type="locations.location", object_id=str(village.pk))
    event.note = "sửa"
    with pytest.raises(ImmutableAuditError):
        event.save()
    with pytest.raises(ImmutableAuditError):
        event.delete()
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.all().update(note="x")
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.all().delete()


def test_auditor_sees_events_of_own_province_only(world, client_for):
    services.create_village(world.xa1, commune=world.C1, code="T79", name="Thôn Trong", kind="thon")
    services.create_village(world.xa3, commune=world.C3, code="T80", name="Thôn Ngoài", kind="thon")
    client = client_for("kiemtra")
    page = client.get("/audit/").content.decode()
    assert "Thôn Trong" in page and "Thôn Ngoài" not in page
    outside = AuditEvent.objects.get(object_repr="Thôn Ngoài")
    assert client.get(f"/audit/{outside.pk}/").status_code == 404
    inside = AuditEvent.objects.get(object_repr="Thôn Trong")
    assert "Thôn Trong" in client.get(f"/audit/{inside.pk}/").content.decode()


def test_audit_page_filters_by_action(world, client_for):
    services.create_village(world.xa1, commune=world.C1, code="T81", name="Thôn Lọc", kind="thon")
    page = client_for("kiemtra").get("/audit/", {"action": "login"}).content.decode()
    assert "Thôn Lọc" not in page


def test_people_without_the_audit_permission_are_refused(world, client_for):
    assert client_for("xa1").get("/audit/").status_code == 403
    assert client_for("ctv1").get("/audit/").status_code == 403


def test_audit_page_has_no_edit_routes(world, client_for):
    event = services.create_village(
        world.xa1, commune=world.C1, code="T82", name="Thôn Y", kind="thon"
    )
    pk = AuditEvent.objects.get(object_type="locations.location", object_id=str(event.pk)).pk
    assert client_for("kiemtra").post(f"/audit/{pk}/", {"note": "x"}).status_code in {200, 405}
    assert AuditEvent.objects.get(pk=pk).note == ""
