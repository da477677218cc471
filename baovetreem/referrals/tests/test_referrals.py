"""Referring a case's child: only to providers serving its commune, only by who may see the case,
through the valid statuses, and a completed service becomes a support in the register."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases import services as case_services
from baovetreem.referrals import services
from baovetreem.referrals.models import Referral, ReferralStatus, ServiceProvider
from baovetreem.referrals.tests.conftest import consented, open_case
from baovetreem.registry.models import ChildEvent, Support, SupportKind


def test_provider_of_another_commune_is_refused(world, case, directory):
    with pytest.raises(ValidationError) as caught:
        services.refer(world.xa1, case, directory["c2_health"], consented())
    assert "provider" in caught.value.message_dict
    assert Referral.objects.count() == 0


def test_provider_of_another_province_is_refused(world, case, directory):
    with pytest.raises(ValidationError):
        services.refer(world.xa1, case, directory["q_health"], consented())


def test_inactive_provider_is_refused(world, case, directory):
    closed = directory["c1_health"]
    closed.is_active = False
    closed.save()
    with pytest.raises(ValidationError):
        services.refer(world.xa1, case, closed, consented())


def test_provincial_provider_serves_every_commune_of_its_province(world, case, directory):
    referral = services.refer(
        world.xa1, case, directory["p_legal"], consented(service_kind="legal_aid")
    )
    assert referral.status == ReferralStatus.SENT
    assert referral.scope_path == case.scope_path
    assert referral.sent_by == world.xa1


def test_directory_serving_lists_the_commune_and_its_province(world, directory):
    serving = set(ServiceProvider.objects.serving(world.V1a.path))
    assert serving == {directory["c1_health"], directory["p_legal"]}


@pytest.mark.parametrize("persona", ["xa2", "ctv1", "canbo", "tongdai", "tinh"])
def test_people_who_cannot_see_the_case_cannot_refer(world, case, directory, persona):
    with pytest.raises(PermissionDenied):
        services.refer(getattr(world, persona), case, directory["c1_health"], consented())
    assert Referral.objects.count() == 0


def test_supervisor_sees_the_case_but_may_not_refer(world, case, directory):
    with pytest.raises(PermissionDenied):
        services.refer(world.giamsat, case, directory["c1_health"], consented())


def test_assigned_case_worker_may_refer(world, case, directory):
    case_services.assign(world.xa1, case, world.canbo)
    referral = services.refer(world.canbo, case, directory["c1_health"], consented())
    assert referral.pk


def test_referral_is_audited_without_its_reason(world, case, directory):
    referral = services.refer(world.xa1, case, directory["c1_health"], consented())
    event = AuditEvent.objects.get(object_type="referrals.referral", action=AuditAction.CREATE)
    assert event.object_id == str(referral.pk)
    assert event.location_path == case.scope_path
    assert event.after["consent_carer"] is True
    assert "reason" not in event.after


@pytest.fixture
def referral(world, case, directory):
    return services.refer(world.xa1, case, directory["c1_health"], consented())


def test_sent_referral_is_accepted_then_completed(world, referral):
    accepted = services.set_status(world.xa1, referral, ReferralStatus.ACCEPTED, "Nhận trẻ.")
    assert accepted.accepted_at is not None
    done = services.set_status(world.xa1, accepted, ReferralStatus.COMPLETED, "Đã điều trị.")
    assert done.status == ReferralStatus.COMPLETED and done.completed_at is not None
    assert done.feedback == "Nhận trẻ.\nĐã điều trị."
    notes = list(
        AuditEvent.objects.filter(
            object_type="referrals.referral", action=AuditAction.UPDATE
        ).values_list("note", flat=True)
    )
    assert sorted(notes) == ["accepted → completed", "sent → accepted"]


def test_declined_referral_records_when(world, referral):
    declined = services.set_status(world.xa1, referral, ReferralStatus.DECLINED, "Quá tải.")
    assert declined.declined_at is not None and declined.status == ReferralStatus.DECLINED


@pytest.mark.parametrize(
    "path",
    [
        [ReferralStatus.COMPLETED],
        [ReferralStatus.SENT],
        [ReferralStatus.DECLINED, ReferralStatus.ACCEPTED],
        [ReferralStatus.ACCEPTED, ReferralStatus.DECLINED],
        [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.ACCEPTED],
        ["lost"],
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(world, referral, path):
    *valid, invalid = path
    for status in valid:
        referral = services.set_status(world.xa1, referral, status)
    before = Referral.objects.get(pk=referral.pk)
    with pytest.raises(services.StatusRefused):
        services.set_status(world.xa1, referral, invalid)
    after = Referral.objects.get(pk=referral.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


def test_supervisor_may_update_the_status(world, referral):
    assert services.allowed_statuses(world.giamsat, referral) == ["accepted", "declined"]
    services.set_status(world.giamsat, referral, ReferralStatus.ACCEPTED)


@pytest.mark.parametrize("persona", ["xa2", "ctv1", "canbo"])
def test_outsiders_may_not_update_the_status(world, referral, persona):
    with pytest.raises(PermissionDenied):
        services.set_status(getattr(world, persona), referral, ReferralStatus.ACCEPTED)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def _complete(actor, referral):
    accepted = services.set_status(actor, referral, ReferralStatus.ACCEPTED)
    return services.set_status(actor, accepted, ReferralStatus.COMPLETED, "Đã tư vấn 4 buổi.")


def test_completion_records_a_support_in_the_register(world, kids, directory):
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    referral = services.refer(
        world.xa1, case, directory["c1_health"], consented(service_kind="psychological")
    )
    done = _complete(world.xa1, referral)
    support = Support.objects.get(child=kids["an"])
    assert done.support == support and done.support_note == ""
    assert support.kind == SupportKind.PSYCHOLOGICAL
    assert support.provider == directory["c1_health"].name
    assert case.code in support.note
    assert ChildEvent.objects.filter(child=kids["an"], kind="support").exists()
    assert AuditEvent.objects.filter(object_type="registry.support").exists()


def test_completion_without_register_rights_still_completes_and_says_why(world, kids, directory):
    # The case worker has no right to change the register: the service is still completed.
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    case_services.assign(world.xa1, case, world.canbo)
    referral = services.refer(world.canbo, case, directory["c1_health"], consented())
    done = _complete(world.canbo, referral)
    assert done.status == ReferralStatus.COMPLETED
    assert done.support is None and done.support_note
    assert not Support.objects.exists()


def test_completion_of_a_case_without_registry_child_records_no_support(world, referral):
    done = _complete(world.xa1, referral)
    assert done.status == ReferralStatus.COMPLETED
    assert done.support is None and done.support_note
    assert not Support.objects.exists()


def test_every_service_kind_maps_to_a_support_kind():
    from baovetreem.referrals.models import ServiceKind

    assert set(services.SUPPORT_KIND_OF_SERVICE) == set(ServiceKind.values)
    assert set(services.SUPPORT_KIND_OF_SERVICE.values()) <= set(SupportKind.values)
    assert SupportKind.SOCIAL_ALLOWANCE not in services.SUPPORT_KIND_OF_SERVICE.values()


def test_closed_case_cannot_be_referred(client_for, world, case, directory):
    from baovetreem.cases.models import Case, CaseState

    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED)
    with pytest.raises(ValidationError):
        services.refer(world.xa1, case, directory["c1_health"], consented())
    assert Referral.objects.count() == 0
    page = client_for("xa1").get(f"/referrals/case/{case.pk}/")
    assert page.status_code == 200 and page.context["refer_form"] is None


def test_emergency_access_does_not_let_one_refer(world, case, directory):
    """Breaking the glass opens the file for reading; referring needs an assignment."""
    case_services.break_glass(world.canbo, case, "Trẻ đang ở trạm y tế, cần biết tiền sử ngay.")
    with pytest.raises(PermissionDenied):
        services.refer(world.canbo, case, directory["c1_health"], consented())
    assert Referral.objects.count() == 0
    case_services.assign(world.xa1, case, world.canbo)
    assert services.refer(world.canbo, case, directory["c1_health"], consented()).pk
