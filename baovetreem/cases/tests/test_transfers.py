"""Transfer of a case when the child moves: the receiving commune sees the report until it
accepts; then the case, its scope and its audit move there and the old commune loses it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseAssignment, TransferStatus


def test_transfer_moves_the_case_to_the_receiving_commune(client_for, world, case):
    services.assign(world.xa1, case, world.canbo)
    response = client_for("xa1").post(
        f"/cases/{case.pk}/transfer/",
        {"province": world.P.pk, "to_location": world.C2.pk, "note": "Gia đình chuyển đi"},
    )
    assert response.status_code == 302
    transfer = case.transfers.get()
    assert transfer.status == TransferStatus.REQUESTED and transfer.to_path == world.C2.path
    # Until it accepts, the receiving commune sees the report, not the file.
    assert case in Case.objects.visible_to(world.xa2)
    assert case not in Case.objects.visible_to(world.xa2, full=True)
    listed = client_for("xa2").get("/cases/transfers/")
    assert list(listed.context["transfers"]) == [transfer]
    assert list(client_for("xa1").get("/cases/transfers/").context["transfers"]) == []
    offered = client_for("xa2").get(f"/cases/{case.pk}/")
    assert not offered.context["full"] and offered.context["offered_transfer"] == transfer

    response = client_for("xa2").post(f"/cases/transfers/{transfer.pk}/accept/")
    assert response.status_code == 302
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by == world.xa2
    assert case.location == world.C2 and case.scope_path == world.C2.path
    assert not CaseAssignment.objects.filter(case=case).exists()
    assert case in Case.objects.visible_to(world.xa2, full=True)
    for persona in ("xa1", "giamsat", "canbo"):
        assert case not in Case.objects.visible_to(getattr(world, persona))
    assert client_for("xa1").get(f"/cases/{case.pk}/").status_code == 404
    moved = AuditEvent.objects.filter(object_type="cases.case", note__startswith="transfer")
    assert {e.location_path for e in moved} == {world.V1a.path, world.C2.path}


def test_only_the_receiving_commune_may_accept(world, case):
    transfer = services.request_transfer(world.xa1, case, world.C2)
    for persona in ("xa1", "giamsat", "xa3", "canbo"):
        with pytest.raises(PermissionDenied):
            services.accept_transfer(getattr(world, persona), transfer)
    case.refresh_from_db()
    assert case.location == world.V1a


def test_request_is_for_view_all_users_of_the_source_and_another_commune(world, case):
    with pytest.raises(PermissionDenied):
        services.request_transfer(world.xa2, case, world.C2)
    with pytest.raises(PermissionDenied):
        services.request_transfer(world.canbo, case, world.C2)
    with pytest.raises(ValidationError):
        services.request_transfer(world.xa1, case, world.C1)  # the same commune
    with pytest.raises(ValidationError):
        services.request_transfer(world.xa1, case, world.V2a)  # a village, not a commune
    services.request_transfer(world.xa1, case, world.C3)
    with pytest.raises(ValidationError):
        services.request_transfer(world.xa1, case, world.C2)  # one pending at a time
    request_events = AuditEvent.objects.filter(object_type="cases.casetransfer")
    assert {e.location_path for e in request_events} == {world.V1a.path, world.C3.path}


def test_declined_transfer_leaves_the_case_where_it_was(client_for, world, case):
    transfer = services.request_transfer(world.xa1, case, world.C2)
    client_for("xa2").post(f"/cases/transfers/{transfer.pk}/decline/", {"note": "Không ở đây"})
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.status == TransferStatus.DECLINED
    assert case.location == world.V1a
    assert case not in Case.objects.visible_to(world.xa2)
    assert client_for("xa3").post(f"/cases/transfers/{transfer.pk}/accept/").status_code == 404
