"""A service completed before the case was linked to a child of the register becomes a support
in that child's record when the link is made: once, dated as the completion, audited, and only
if the link itself holds."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases import services as case_services
from baovetreem.cases.models import Case
from baovetreem.core.calendar import VIETNAM
from baovetreem.referrals import services
from baovetreem.referrals.models import Referral, ReferralStatus
from baovetreem.referrals.tests.conftest import consented
from baovetreem.registry.models import ChildEvent, Support, SupportKind

# 06:30 in Vietnam is still the day before in UTC: the support takes the Vietnamese date.
COMPLETED_AT = dt.datetime.combine(
    timezone.localdate() - dt.timedelta(days=10), dt.time(6, 30), tzinfo=VIETNAM
)


def _completed(actor, case, provider, **data) -> Referral:
    referral = services.refer(
        actor, case, provider, consented(**data), now=COMPLETED_AT - dt.timedelta(days=3)
    )
    services.set_status(actor, referral, ReferralStatus.ACCEPTED, now=COMPLETED_AT)
    return services.set_status(actor, referral, ReferralStatus.COMPLETED, now=COMPLETED_AT)


def _link(actor, case, child) -> Case:
    fresh = Case.objects.get(pk=case.pk)
    return case_services.link_child(actor, fresh, child, fresh.version)


def _unlink(actor, case) -> Case:
    fresh = Case.objects.get(pk=case.pk)
    return case_services.unlink_child(actor, fresh, fresh.version)


def _late_support_events(referral):
    return AuditEvent.objects.filter(
        object_type="referrals.referral",
        object_id=str(referral.pk),
        action=AuditAction.UPDATE,
        note="support recorded on link",
    )


def test_linking_records_the_support_of_a_referral_completed_before(world, kids, case, directory):
    referral = _completed(world.xa1, case, directory["c1_health"], service_kind="psychological")
    assert referral.support is None and referral.support_note

    _link(world.xa1, case, kids["an"])

    support = Support.objects.get()
    assert support.child == kids["an"]
    assert support.kind == SupportKind.PSYCHOLOGICAL
    assert support.received_on == COMPLETED_AT.date()
    assert support.provider == directory["c1_health"].name
    assert support.recorded_by == world.xa1
    assert case.code in support.note
    assert ChildEvent.objects.filter(child=kids["an"], kind="support").count() == 1
    referral.refresh_from_db()
    assert referral.support == support and referral.support_note == ""
    assert AuditEvent.objects.filter(
        object_type="registry.support", object_id=str(support.pk), action=AuditAction.CREATE
    ).exists()
    event = _late_support_events(referral).get()
    assert event.actor == world.xa1
    assert event.before["support"] is None and event.after["support"] == support.pk


def test_every_completed_referral_without_support_gets_one(world, kids, case, directory):
    _completed(world.xa1, case, directory["c1_health"], service_kind="health_care")
    _completed(world.xa1, case, directory["p_legal"], service_kind="legal_aid")
    _link(world.xa1, case, kids["an"])
    assert sorted(Support.objects.values_list("kind", flat=True)) == [
        SupportKind.HEALTH_CARE,
        SupportKind.LEGAL_AID,
    ]


def test_linking_unlinking_and_linking_again_records_the_support_once(world, kids, case, directory):
    referral = _completed(world.xa1, case, directory["c1_health"])
    _link(world.xa1, case, kids["an"])
    _unlink(world.xa1, case)
    # Unlinking deletes nothing: the support stays in the record it was written to.
    assert Support.objects.filter(child=kids["an"]).count() == 1
    _link(world.xa1, case, kids["an"])
    assert Support.objects.count() == 1
    referral.refresh_from_db()
    assert referral.support == Support.objects.get()
    assert _late_support_events(referral).count() == 1


def test_linking_another_child_after_an_unlink_records_nothing_more(world, kids, case, directory):
    _completed(world.xa1, case, directory["c1_health"])
    _link(world.xa1, case, kids["an"])
    _unlink(world.xa1, case)
    _link(world.xa1, case, kids["dung"])
    assert list(Support.objects.values_list("child", flat=True)) == [kids["an"].pk]


def test_referrals_not_completed_get_no_support_on_link(world, kids, case, directory):
    sent = services.refer(world.xa1, case, directory["c1_health"], consented())
    accepted = services.refer(world.xa1, case, directory["c1_health"], consented())
    services.set_status(world.xa1, accepted, ReferralStatus.ACCEPTED)
    declined = services.refer(world.xa1, case, directory["p_legal"], consented())
    services.set_status(world.xa1, declined, ReferralStatus.DECLINED)

    _link(world.xa1, case, kids["an"])

    assert not Support.objects.exists()
    assert not Referral.objects.filter(support__isnull=False).exists()
    for referral in (sent, accepted, declined):
        assert not _late_support_events(referral).exists()


def test_only_the_linked_cases_referrals_are_recorded(world, kids, case, directory):
    from baovetreem.referrals.tests.conftest import open_case

    other = open_case(world.xa1, world.V1a, child_name="Bé Tư")
    elsewhere = _completed(world.xa1, other, directory["c1_health"])
    _link(world.xa1, case, kids["an"])
    elsewhere.refresh_from_db()
    assert elsewhere.support is None and not Support.objects.exists()


def test_a_refused_link_records_nothing(world, kids, case, directory):
    referral = _completed(world.xa1, case, directory["c1_health"])
    fresh = Case.objects.get(pk=case.pk)
    with pytest.raises(case_services.StaleCase):
        case_services.link_child(world.xa1, fresh, kids["an"], fresh.version - 1)
    referral.refresh_from_db()
    assert referral.support is None and not Support.objects.exists()
    assert not _late_support_events(referral).exists()


def test_a_failure_while_recording_undoes_the_link(world, kids, case, directory):
    # The support is written in the link's transaction: if it breaks, the link does not stay.
    referral = _completed(world.xa1, case, directory["c1_health"])
    broken = mock.patch.object(services, "record_support", side_effect=RuntimeError("disk"))
    with broken, pytest.raises(RuntimeError):
        _link(world.xa1, case, kids["an"])
    case.refresh_from_db()
    assert case.child is None
    referral.refresh_from_db()
    assert referral.support is None and not Support.objects.exists()
    assert not AuditEvent.objects.filter(note="child linked").exists()


def test_linking_without_register_rights_keeps_the_link_and_says_why(world, kids, case, directory):
    # The assigned case worker may link the case but not change the register: the link holds,
    # the referral says why no support was recorded, and a later link by the officer records it.
    referral = _completed(world.xa1, case, directory["c1_health"])
    not_linked_note = referral.support_note
    case_services.assign(world.xa1, case, world.canbo)
    _link(world.canbo, case, kids["an"])
    case.refresh_from_db()
    assert case.child == kids["an"]
    referral.refresh_from_db()
    assert referral.support is None
    assert referral.support_note and referral.support_note != not_linked_note
    _unlink(world.xa1, case)
    _link(world.xa1, case, kids["an"])
    referral.refresh_from_db()
    assert referral.support is not None and Support.objects.count() == 1
