"""Receiving a report (Mẫu 01): who may, what is kept, and the legal deadlines it starts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.tests.conftest import open_case, received, report_data, step
from baovetreem.core.calendar import VIETNAM


def test_reporter_contact_is_blanked_without_consent(world):
    case = open_case(
        world.tongdai,
        world.V1a,
        reporter_consent=False,
        reporter_name="Chị Lan",
        reporter_phone="0912345678",
        reporter_address="Thôn Một",
    )
    report = case.report
    assert (report.reporter_name, report.reporter_phone, report.reporter_address) == ("", "", "")


def test_reporter_contact_is_kept_with_consent(world):
    case = open_case(
        world.tongdai,
        world.V1a,
        reporter_consent=True,
        reporter_name="Chị Lan",
        reporter_phone="0912",
    )
    assert (case.report.reporter_name, case.report.reporter_phone) == ("Chị Lan", "0912")


def test_deadlines_are_12_hours_and_5_working_days(world):
    case = open_case(world.xa1, world.V1a, received_at=received(dt.date(2026, 4, 29), 10))
    assert case.emergency_due_at == dt.datetime(2026, 4, 29, 22, 0, tzinfo=VIETNAM)
    # 30/4 and 1/5 are holidays, 2-3/5 a weekend: 4, 5, 6, 7, 8 May are the five working days.
    assert case.plan_due_at.astimezone(VIETNAM).date() == dt.date(2026, 5, 8)


def test_overdue_emergency_and_plan(world):
    calm = open_case(world.xa1, world.V1a)
    urgent = open_case(world.xa1, world.V1a, suspected_relationship="carer")
    evening = dt.datetime(2026, 4, 29, 21, 0, tzinfo=VIETNAM)
    night = dt.datetime(2026, 4, 29, 23, 0, tzinfo=VIETNAM)
    later = dt.datetime(2026, 5, 9, 8, 0, tzinfo=VIETNAM)
    assert not urgent.is_overdue(evening) and urgent.is_overdue(night)
    assert not calm.is_overdue(night) and calm.is_overdue(later)
    assert set(Case.objects.overdue(night)) == {urgent}
    assert set(Case.objects.overdue(later)) == {calm, urgent}
    urgent = step(world.xa1, urgent, CaseState.VERIFIED)
    urgent = step(
        world.xa1, urgent, CaseState.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency"
    )
    urgent = step(world.xa1, urgent, CaseState.EMERGENCY)
    assert not urgent.emergency_overdue(later)


def test_case_numbers_follow_the_year(world):
    first = open_case(world.xa1, world.V1a)
    second = open_case(world.xa1, world.V1b)
    assert (first.code, second.code) == ("BVTE-2026-00001", "BVTE-2026-00002")


def test_hotline_operator_files_for_any_commune_of_their_province_only(world):
    case = open_case(world.tongdai, world.C2)
    assert case.scope_path == world.C2.path
    assert not case.assignments.exists()  # an operator receives, the commune handles
    with pytest.raises(PermissionDenied):
        open_case(world.tongdai, world.C3)
    with pytest.raises(PermissionDenied):
        open_case(world.tongdai_q, world.V1a)
    assert open_case(world.tongdai_q, world.C3).location == world.C3


def test_receiving_case_worker_is_assigned(world):
    case = open_case(world.canbo, world.V1a)
    assert list(case.assignments.values_list("user__username", "role")) == [("canbo", "worker")]


def test_collaborator_files_for_own_village_only(world):
    open_case(world.ctv1, world.V1a)
    with pytest.raises(PermissionDenied):
        open_case(world.ctv1, world.V1b)
    assert Case.objects.count() == 1


def test_report_needs_what_happened_and_a_past_time(world):
    from django.utils import timezone

    with pytest.raises(ValidationError) as exc:
        open_case(
            world.xa1,
            world.V1a,
            what_happened="  ",
            received_at=timezone.now() + dt.timedelta(days=1),
        )
    assert {"what_happened", "received_at"} <= set(exc.value.message_dict)
    assert not Case.objects.exists()


def test_linking_a_child_outside_the_register_of_the_actor_is_refused(world, kids):
    with pytest.raises(ValidationError) as exc:
        open_case(world.xa1, world.V1a, child=kids["binh"])
    assert "child" in exc.value.message_dict
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    assert case.child == kids["an"] and case.report.child_display_name == "Nguyễn Văn An"


def test_intake_is_audited_without_the_confidential_content(world):
    case = open_case(world.xa1, world.V1a, reporter_consent=True, reporter_name="Chị Lan")
    event = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert event.action == "create" and event.location_path == world.V1a.path
    assert "Chị Lan" not in str(event.after) and "Bé Na" not in str(event.after)


def test_report_data_helper_is_valid_as_is(world):
    assert report_data()["reporter_consent"] is False
