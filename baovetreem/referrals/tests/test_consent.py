"""A referral shares a child's data with another agency: without the recorded consent of the carer,
and of the child aged 7 or more (NĐ 13/2023 Đ.20), nothing is sent and nothing is stored."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baovetreem.audit.models import AuditEvent
from baovetreem.referrals import services
from baovetreem.referrals.models import Referral
from baovetreem.referrals.tests.conftest import consented, open_case


def _refused(world, case, provider, data) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.refer(world.xa1, case, provider, data)
    assert Referral.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="referrals.referral").exists()
    return caught.value


def test_referral_without_the_carers_consent_is_refused_and_nothing_stored(world, case, directory):
    error = _refused(world, case, directory["c1_health"], consented(consent_carer=False))
    assert "consent_carer" in error.message_dict
    assert "consent_child" not in error.message_dict


def test_child_aged_7_or_more_must_consent_too(world, case, directory):
    error = _refused(world, case, directory["c1_health"], consented(consent_child=False))
    assert "consent_child" in error.message_dict
    assert "9" in error.message_dict["consent_child"][0]


def test_both_consents_missing_give_both_errors(world, case, directory):
    error = _refused(
        world, case, directory["c1_health"], consented(consent_child=False, consent_carer=False)
    )
    assert {"consent_child", "consent_carer"} <= set(error.message_dict)


def test_child_under_7_needs_only_the_carers_consent(world, kids, directory):
    case = open_case(world.xa1, world.V1a, child=kids["dung"], child_estimated_age=None)
    referral = services.refer(
        world.xa1, case, directory["c1_health"], consented(consent_child=False)
    )
    assert referral.child_age == services.child_age_on(case, timezone.localdate()) < 7
    assert referral.consent_carer and not referral.consent_child


def test_child_under_7_still_needs_the_carer(world, kids, directory):
    case = open_case(world.xa1, world.V1a, child=kids["dung"], child_estimated_age=None)
    error = _refused(
        world, case, directory["c1_health"], consented(consent_child=False, consent_carer=False)
    )
    assert set(error.message_dict) == {"consent_carer"}


def test_age_comes_from_the_register_before_the_report(world, kids, directory):
    # The report says "about 3", the register knows the child was born in 2015.
    case = open_case(world.xa1, world.V1a, child=kids["hoa"], child_estimated_age=3)
    _refused(world, case, directory["c1_health"], consented(consent_child=False))


def test_unknown_age_requires_the_childs_consent(world, directory):
    case = open_case(world.xa1, world.V1a, child_estimated_age=None)
    error = _refused(world, case, directory["c1_health"], consented(consent_child=False))
    assert "consent_child" in error.message_dict


def test_age_from_the_reports_date_of_birth_on_the_day_of_referral(world, directory):
    today = timezone.localdate()
    born = today.replace(year=today.year - 7) + dt.timedelta(days=1)  # turns 7 tomorrow
    case = open_case(world.xa1, world.V1a, child_estimated_age=None, child_date_of_birth=born)
    referral = services.refer(
        world.xa1, case, directory["c1_health"], consented(consent_child=False)
    )
    assert referral.child_age == 6


def test_estimated_age_grows_with_the_time_since_the_report(world, directory):
    received = timezone.now() - dt.timedelta(days=800)
    case = open_case(world.xa1, world.V1a, child_estimated_age=5, received_at=received)
    assert services.child_age_on(case, timezone.localdate()) == 7
