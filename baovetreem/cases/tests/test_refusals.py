"""A refusal tells who may only read the report that they may not act, and nothing more: the same
answer whatever step they ask for and whatever step the case has reached (no state oracle)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from baovetreem.cases import services
from baovetreem.cases.models import CaseState
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState
RETURN_DATA = {"reason": "Thiếu người thực hiện dịch vụ."}
# Form fields (page) that make each step's form valid, so the refusal comes from the right check.
PAGE_FIELDS = {
    S.VERIFIED: {"findings": "Đã đến nhà.", "child_safe": "on"},
    S.INITIAL_ASSESSMENT: {
        "harm": "Trẻ bị đánh.",
        "perpetrator_access": "Sống cùng nhà.",
        "care_environment": "Bà ngoại chăm sóc.",
        "risk_level": "high",
        "conclusion": "emergency",
    },
    S.EMERGENCY: {"measures": "Đưa trẻ đến trạm y tế."},
    S.DETAILED_ASSESSMENT: {
        "findings": "Trẻ sợ hãi.",
        "needs": "Tư vấn tâm lý.",
        "meeting_on": "04/05/2026",
        "risk_level": "medium",
    },
    S.PLANNING: {
        "goals": "Trẻ an toàn.",
        "services": "Tư vấn tâm lý - Trạm y tế xã - 11/05/2026",
        "review_on": "01/08/2026",
    },
    S.APPROVED: {"decided_on": "08/05/2026"},
    S.RETURNED: RETURN_DATA,
    S.IMPLEMENTING: {"started_on": "11/05/2026"},
    S.REVIEW: {
        "harm_level": "low",
        "perpetrator_access": "low",
        "care_obstacles": "low",
        "summary": "Trẻ ổn định.",
    },
    S.CLOSED: {"reason": "Không còn nguy cơ."},
}
# One walk through every state of the workflow (the emergency branch included).
WALK = [
    S.VERIFIED,
    S.INITIAL_ASSESSMENT,
    S.EMERGENCY,
    S.DETAILED_ASSESSMENT,
    S.PLANNING,
    S.RETURNED,
    S.PLANNING,
    S.APPROVED,
    S.IMPLEMENTING,
    S.REVIEW,
    S.CLOSED,
]
EMERGENCY_ASSESSMENT = {"risk_level": "high", "conclusion": "emergency"}


def _walked_case(world):
    """Yield a case received by the hotline operator at each state, moved on by the commune
    officer (the supervisor approves and closes)."""
    case = open_case(world.tongdai, world.V1a)
    yield case
    for state in WALK:
        actor = world.giamsat if state in {S.APPROVED, S.RETURNED, S.CLOSED} else world.xa1
        if state == S.RETURNED:
            case = services.transition(actor, case, state, RETURN_DATA, case.version)
        else:
            extra = EMERGENCY_ASSESSMENT if state == S.INITIAL_ASSESSMENT else {}
            case = step(actor, case, state, **extra)
        yield case


def _names_of_states() -> set[str]:
    names = set(S.values)
    for language in ("vi", "en"):
        with translation.override(language):
            names |= {str(label) for label in S.labels}
    return names


def _assert_no_state_named(text: str) -> None:
    for name in _names_of_states():
        assert name not in text, name


def test_report_only_reader_gets_one_refusal_from_the_service_whatever_the_state(world):
    refusals = set()
    for case in _walked_case(world):
        for to_state in [*S.values, "no_such_step"]:
            with pytest.raises(services.PermissionDenied) as refused:
                services.transition(world.tongdai, case, to_state, {}, case.version)
            refusals.add(str(refused.value))
    assert len(refusals) == 1, refusals
    _assert_no_state_named(refusals.pop())


def test_report_only_reader_gets_one_refusal_on_every_transition_url_whatever_the_state(
    client_for, world
):
    answers = set()
    for case in _walked_case(world):
        for target in [*PAGE_FIELDS, "no_such_step"]:
            data = {f"{target}-{k}": v for k, v in PAGE_FIELDS.get(target, {}).items()}
            data[f"{target}-version"] = case.version
            # A fresh session each time, so the messages read are this answer's only.
            response = client_for("tongdai").post(f"/cases/{case.pk}/transition/{target}/", data)
            said = tuple(str(m) for m in get_messages(response.wsgi_request))
            answers.add((response.status_code, response.get("Location"), said))
            case.refresh_from_db()
            assert case.version == case.transitions.count() + 1  # nothing was recorded
    statuses = {(status, said) for status, _location, said in answers}
    assert len(statuses) == 1, statuses
    status, said = statuses.pop()
    assert status == 302 and len(said) == 1
    _assert_no_state_named(said[0])
