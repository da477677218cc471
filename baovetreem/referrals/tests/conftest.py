"""Helpers of the referral tests: cases opened in C1 and a small directory around them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baovetreem.cases import services as case_services
from baovetreem.cases.models import Case
from baovetreem.referrals.models import ProviderKind, ServiceProvider


def open_case(actor, location, **overrides) -> Case:
    data = {
        "received_at": timezone.now() - dt.timedelta(days=1),
        "channel": "hotline_111",
        "classification": "abused",
        "child_name": "Bé Na",
        "child_estimated_age": 9,
        "child_sex": "female",
        "what_happened": "Hàng xóm nghe tiếng trẻ khóc và bị đánh.",
        "suspected_relationship": "relative",
    }
    data.update(overrides)
    return case_services.receive_report(actor, data, location=location)


def provider(location, name="Trạm y tế xã An Bình", kind=ProviderKind.HEALTH, **extra):
    made = ServiceProvider(location=location, name=name, kind=kind, **extra)
    made.save()
    return made


@pytest.fixture
def case(world):
    """A report about a child of about 9 in village V1a, received by the commune officer xa1."""
    return open_case(world.xa1, world.V1a)


@pytest.fixture
def directory(world):
    """A health station of C1, a provincial legal-aid centre, and a health station of C2."""
    return {
        "c1_health": provider(world.C1, phone="0259 3 123 456"),
        "p_legal": provider(
            world.P, "Trung tâm trợ giúp pháp lý nhà nước tỉnh", ProviderKind.LEGAL_AID
        ),
        "c2_health": provider(world.C2, "Trạm y tế xã Đông Hải"),
        "q_health": provider(world.Q, "Bệnh viện tỉnh bên cạnh"),
    }


def consented(**overrides) -> dict:
    data = {
        "service_kind": "health_care",
        "reason": "Khám và điều trị vết thương ở tay.",
        "consent_carer": True,
        "consent_child": True,
        "consent_note": "Bà ngoại và trẻ đồng ý, ký vào phiếu.",
    }
    data.update(overrides)
    return data
