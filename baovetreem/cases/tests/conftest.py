"""Helpers of the case tests: a report as the intake form sends it, and cases walked to a step."""

from __future__ import annotations

import datetime as dt

import pytest

from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseState
from baovetreem.core.calendar import VIETNAM, clear_cache

STEP_DATA = {
    CaseState.VERIFIED: {"findings": "Đã đến nhà, trẻ có vết bầm ở tay.", "child_safe": True},
    CaseState.INITIAL_ASSESSMENT: {
        "harm": "Trẻ bị đánh nhiều lần.",
        "perpetrator_access": "Người bị nghi ngờ sống cùng nhà.",
        "care_environment": "Bà ngoại có thể chăm sóc.",
        "risk_level": "medium",
        "conclusion": "non_emergency",
    },
    CaseState.EMERGENCY: {
        "measures": "Đưa trẻ đến trạm y tế, báo công an xã.",
        "temporary_separation": True,
        "separation_days": 10,
        "placed_with": "Nhà bà ngoại",
    },
    CaseState.DETAILED_ASSESSMENT: {
        "findings": "Trẻ sợ hãi, bỏ học hai tuần.",
        "needs": "Tư vấn tâm lý, trở lại trường.",
        "meeting_on": dt.date(2026, 5, 4),
        "risk_level": "medium",
    },
    CaseState.PLANNING: {
        "goals": "Trẻ an toàn và đi học lại.",
        "services": [
            {
                "service": "Tư vấn tâm lý",
                "provider": "Trạm y tế xã",
                "starts_on": dt.date(2026, 5, 11),
                "ends_on": dt.date(2026, 6, 30),
                "cost_vnd": 1_500_000,
            }
        ],
        "review_on": dt.date(2026, 8, 1),
    },
    CaseState.APPROVED: {"decision_number": "15/QĐ-UBND", "decided_on": dt.date(2026, 5, 8)},
    CaseState.IMPLEMENTING: {"started_on": dt.date(2026, 5, 11)},
    CaseState.REVIEW: {
        "harm_level": "low",
        "perpetrator_access": "low",
        "care_obstacles": "medium",
        "summary": "Trẻ đã ổn định, đi học đều.",
    },
    CaseState.CLOSED: {"reason": "Không còn nguy cơ, trẻ ổn định."},
}


def received(day=dt.date(2026, 4, 29), hour=10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VIETNAM)


def report_data(**overrides) -> dict:
    data = {
        "received_at": received(),
        "channel": "hotline_111",
        "classification": "abused",
        "child_name": "Bé Na",
        "child_estimated_age": 8,
        "child_sex": "female",
        "incident_place": "Nhà riêng",
        "what_happened": "Hàng xóm nghe tiếng trẻ khóc và bị đánh.",
        "suspected_person": "Người họ hàng",
        "suspected_relationship": "relative",
        "reporter_consent": False,
    }
    data.update(overrides)
    return data


def open_case(actor, location, **overrides) -> Case:
    return services.receive_report(actor, report_data(**overrides), location=location)


def step(actor, case: Case, to_state: str, **overrides) -> Case:
    data = {**STEP_DATA[to_state], **overrides}
    return services.transition(actor, case, to_state, data, case.version)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def case(world):
    """A report of abuse in village V1a, received by the commune officer xa1."""
    return open_case(world.xa1, world.V1a)
