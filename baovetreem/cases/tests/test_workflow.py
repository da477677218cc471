"""The workflow of Nghị định 56/2017: every step in order, and the steps that are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import CaseState, CaseTransition, HistoryIsFinal
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState


def _unchanged(case, state, version):
    case.refresh_from_db()
    assert case.state == state and case.version == version


def test_abuse_report_walks_from_intake_to_closure(world, case):
    assert case.state == S.RECEIVED and case.version == 1
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT)
    assert case.risk_level == "medium" and not case.emergency_needed
    case = step(world.xa1, case, S.DETAILED_ASSESSMENT)
    case = step(world.xa1, case, S.PLANNING)
    case = step(world.giamsat, case, S.APPROVED)
    assert case.approved_at is not None
    case = step(world.xa1, case, S.IMPLEMENTING)
    case = step(world.xa1, case, S.REVIEW)
    case = step(world.giamsat, case, S.CLOSED)
    assert case.state == S.CLOSED and case.closed_at is not None and case.version == 9
    history = list(case.transitions.values_list("from_state", "to_state"))
    assert history == [
        (S.RECEIVED, S.VERIFIED),
        (S.VERIFIED, S.INITIAL_ASSESSMENT),
        (S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT),
        (S.DETAILED_ASSESSMENT, S.PLANNING),
        (S.PLANNING, S.APPROVED),
        (S.APPROVED, S.IMPLEMENTING),
        (S.IMPLEMENTING, S.REVIEW),
        (S.REVIEW, S.CLOSED),
    ]
    review = case.transitions.get(to_state=S.REVIEW).data
    assert review["totals"] == {"high": 0, "medium": 1, "low": 2}
    plan = case.transitions.get(to_state=S.PLANNING).data
    assert plan["services"][0]["service"] == "Tư vấn tâm lý"
    updates = AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action="update"
    )
    assert updates.count() == 8
    assert updates.filter(note="review → closed", actor=world.giamsat).exists()
    assert not case.is_overdue(case.plan_due_at.replace(year=2030))  # closed: nothing is due


def test_emergency_case_goes_through_intervention_and_separation(world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    assert case.emergency_needed  # the suspected person is a parent: the 12 hours run
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    with pytest.raises(ValidationError, match="can thiệp khẩn cấp trước"):
        step(world.xa1, case, S.DETAILED_ASSESSMENT)
    _unchanged(case, S.INITIAL_ASSESSMENT, 3)
    case = step(world.xa1, case, S.EMERGENCY)
    assert case.intervened_at is not None and not case.emergency_overdue(case.emergency_due_at)
    intervention = case.transitions.get(to_state=S.EMERGENCY).data
    assert intervention["temporary_separation"] and intervention["separation_days"] == 10
    case = step(world.xa1, case, S.DETAILED_ASSESSMENT)
    assert case.state == S.DETAILED_ASSESSMENT


def test_separation_beyond_15_days_is_refused(world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="mother")
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    with pytest.raises(ValidationError) as exc:
        step(world.xa1, case, S.EMERGENCY, separation_days=20)
    assert "separation_days" in exc.value.message_dict
    _unchanged(case, S.INITIAL_ASSESSMENT, 3)


def test_intervention_refused_when_risk_is_not_high_and_no_parent_is_suspected(world, case):
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT)
    with pytest.raises(ValidationError, match="nguy cơ cao"):
        step(world.xa1, case, S.EMERGENCY)
    _unchanged(case, S.INITIAL_ASSESSMENT, 3)


def test_transition_out_of_order_is_refused_and_case_unchanged(world, case):
    with pytest.raises(services.InvalidTransition) as exc:
        services.transition(world.giamsat, case, S.APPROVED, {}, case.version)
    assert "Received" in exc.value.message or "Đã tiếp nhận" in exc.value.message
    with pytest.raises(services.InvalidTransition):
        services.transition(world.xa1, case, "nowhere", {}, case.version)
    _unchanged(case, S.RECEIVED, 1)
    assert not CaseTransition.objects.filter(case=case).exists()


def test_case_worker_cannot_approve_a_plan(world):
    case = open_case(world.canbo, world.V1a)
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT, S.PLANNING):
        case = step(world.canbo, case, state)
    with pytest.raises(PermissionDenied):
        step(world.canbo, case, S.APPROVED)
    _unchanged(case, S.PLANNING, 5)
    assert case.approved_at is None


def test_commune_officer_of_another_commune_cannot_take_a_step(world, case):
    with pytest.raises(PermissionDenied):
        step(world.xa2, case, S.VERIFIED)
    _unchanged(case, S.RECEIVED, 1)


def test_plan_without_services_is_refused(world, case):
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    with pytest.raises(ValidationError) as exc:
        step(world.xa1, case, S.PLANNING, services=[])
    assert "services" in exc.value.message_dict
    with pytest.raises(ValidationError):
        step(world.xa1, case, S.PLANNING, services=[{"service": "  ", "provider": "X"}])
    _unchanged(case, S.DETAILED_ASSESSMENT, 4)


def test_stale_version_is_refused(world, case):
    seen = case.version
    step(world.xa1, case, S.VERIFIED)
    with pytest.raises(services.StaleCase):
        services.transition(
            world.xa1, case, S.INITIAL_ASSESSMENT, {**_assessment()}, expected_version=seen
        )
    _unchanged(case, S.VERIFIED, 2)


def _assessment():
    from baovetreem.cases.tests.conftest import STEP_DATA

    return STEP_DATA[S.INITIAL_ASSESSMENT]


def test_missing_form_content_is_refused_with_field_messages(world, case):
    with pytest.raises(ValidationError) as exc:
        services.transition(world.xa1, case, S.VERIFIED, {"findings": " "}, case.version)
    assert "findings" in exc.value.message_dict
    _unchanged(case, S.RECEIVED, 1)


def test_review_with_a_high_factor_goes_back_to_planning_not_closure(world, case):
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT, S.PLANNING):
        case = step(world.xa1, case, state)
    case = step(world.giamsat, case, S.APPROVED)
    case = step(world.xa1, case, S.IMPLEMENTING)
    case = step(world.xa1, case, S.REVIEW, harm_level="high")
    with pytest.raises(ValidationError, match="lập kế hoạch mới"):
        step(world.giamsat, case, S.CLOSED)
    case = step(world.xa1, case, S.PLANNING)
    assert case.state == S.PLANNING and case.approved_at is None


def test_history_is_never_edited(world, case):
    step(world.xa1, case, S.VERIFIED)
    row = CaseTransition.objects.get(case=case)
    row.note = "sửa"
    with pytest.raises(HistoryIsFinal):
        row.save()
    with pytest.raises(HistoryIsFinal):
        CaseTransition.objects.filter(case=case).update(note="x")
    with pytest.raises(HistoryIsFinal):
        row.delete()
