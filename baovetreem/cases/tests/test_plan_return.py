"""The supervisor sends a support plan back with a reason: the case returns to planning with its
deadline kept, the step is audited, the worker is alerted, and a plan sent back twice at once is
sent back once, the other attempt refused in words."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Alert, AlertKind, Case, CaseState, CaseTransition
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState
REASON = "Thiếu người thực hiện dịch vụ học bổng; bổ sung kinh phí."


def _planned(world) -> Case:
    case = open_case(world.xa1, world.V1a)
    services.assign(world.xa1, case, world.canbo)
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.canbo, case, state)
    return step(world.canbo, case, S.PLANNING)


def _send_back(world, case: Case, version: int | None = None) -> Case:
    return services.transition(
        world.giamsat,
        case,
        S.RETURNED,
        {"reason": REASON},
        case.version if version is None else version,
    )


def test_a_plan_sent_back_returns_to_planning_with_its_deadline_kept(world):
    case = _planned(world)
    due = case.plan_due_at
    case = _send_back(world, case)
    assert case.state == S.RETURNED
    assert case.plan_due_at == due and case.approved_at is None
    step_row = case.transitions.get(to_state=S.RETURNED)
    assert step_row.data == {"reason": REASON} and step_row.by == world.giamsat
    assert AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case.pk), note="planning → returned"
    ).exists()
    # The worker records the plan again; the deadline is still the one that ran.
    assert services.allowed_next_states(world.canbo, case) == [S.PLANNING]
    assert services.allowed_next_states(world.giamsat, case) == []
    case = step(world.canbo, case, S.PLANNING, goals="Trẻ an toàn, đi học lại, có học bổng.")
    assert case.state == S.PLANNING and case.plan_due_at == due
    case = step(world.giamsat, case, S.APPROVED)
    assert case.state == S.APPROVED


def test_the_worker_is_alerted_that_the_plan_came_back(world):
    case = _send_back(world, _planned(world))
    alerts = Alert.objects.filter(case=case, kind=AlertKind.PLAN_RETURNED)
    # canbo drafted the plan; xa1 received the report and was assigned as its worker then.
    assert sorted(a.user.username for a in alerts) == ["canbo", "xa1"]
    assert all(REASON not in a.message for a in alerts)  # the reason stays on the case page


def test_a_plan_is_sent_back_only_with_a_reason(world):
    case = _planned(world)
    with pytest.raises(ValidationError) as exc:
        services.transition(world.giamsat, case, S.RETURNED, {"reason": "  "}, case.version)
    assert "reason" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == S.PLANNING


def test_only_who_approves_plans_may_send_one_back(world):
    case = _planned(world)
    with pytest.raises(PermissionDenied):
        services.transition(world.canbo, case, S.RETURNED, {"reason": REASON}, case.version)
    assert Case.objects.get(pk=case.pk).state == S.PLANNING


def test_sending_back_twice_from_the_same_page_stores_one_return_and_refuses_the_other(world):
    case = _planned(world)
    version = case.version
    _send_back(world, case, version)
    with pytest.raises(services.StaleCase) as exc:
        _send_back(world, case, version)
    assert exc.value.message.startswith("Người khác đã cập nhật trường hợp")
    assert CaseTransition.objects.filter(case=case, to_state=S.RETURNED).count() == 1
    assert Alert.objects.filter(case=case, kind=AlertKind.PLAN_RETURNED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_returns_leave_one_return_and_one_clear_refusal(world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks between threads: PostgreSQL (SQLite's shared in-memory test "
            "database fails a second writer at once instead of making it wait)"
        )
    case = _planned(world)
    version = case.version
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def send_back():
        try:
            barrier.wait()
            _send_back(world, Case.objects.get(pk=case.pk), version)
            outcomes.append("returned")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test reads
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send_back) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("returned") == 1
    refusal = next(o for o in outcomes if o != "returned")
    assert isinstance(refusal, services.StaleCase), refusal
    assert CaseTransition.objects.filter(case=case, to_state=S.RETURNED).count() == 1
    assert Alert.objects.filter(case=case, kind=AlertKind.PLAN_RETURNED).count() == 2
    case.refresh_from_db()
    assert case.state == S.RETURNED and case.version == version + 1


def test_supervisor_sends_the_plan_back_from_the_case_page(world, client_for):
    case = _planned(world)
    client = client_for("giamsat")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Trả lại kế hoạch để sửa" in page
    response = client.post(
        f"/cases/{case.pk}/transition/{S.RETURNED}/",
        {f"{S.RETURNED}-version": case.version, f"{S.RETURNED}-reason": REASON},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.RETURNED
    worker_page = client_for("canbo").get(f"/cases/{case.pk}/").content.decode()
    assert REASON in worker_page  # in the history
    assert f'id="step-{S.PLANNING}"' in worker_page  # the plan form is offered again


def test_the_api_sends_a_plan_back_as_a_step_with_its_reason(world):
    """No new API field: the return is the step "returned" with ``{"reason": …}``; a second
    return from the same version is a 409 naming the stale page."""
    from django.test import Client

    from baovetreem.accounts.models import ApiToken

    case = _planned(world)
    _, key = ApiToken.issue(world.giamsat)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"to_state": S.RETURNED, "version": case.version, "data": {"reason": REASON}}
    url = f"/api/v1/cases/{case.pk}/transitions"
    first = api.post(url, body, content_type="application/json")
    assert first.status_code == 200, first.content
    case.refresh_from_db()
    assert case.state == S.RETURNED
    again = api.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert CaseTransition.objects.filter(case=case, to_state=S.RETURNED).count() == 1
