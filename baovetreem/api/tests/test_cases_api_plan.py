"""The plan step over the API: the services of Mẫu 04 as a list, checked by the same validator
as the case page (who, start, expected end, cost), refused whole with the line named."""

from __future__ import annotations

import pytest
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.cases.models import CaseState
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def assessed(world):
    case = open_case(world.xa1, world.V1a)
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    return case


def _plan(client, case, services):
    return client.post(
        f"/api/v1/cases/{case.pk}/transitions",
        {
            "to_state": "planning",
            "version": case.version,
            "data": {"goals": "Trẻ an toàn.", "review_on": "2026-08-01", "services": services},
        },
        content_type="application/json",
    )


def test_a_plan_sent_as_a_list_stores_start_end_and_cost(world, assessed):
    response = _plan(
        _client(world.xa1),
        assessed,
        [
            {
                "service": "Tư vấn tâm lý",
                "provider": "Trạm y tế xã",
                "starts_on": "2026-06-01",
                "ends_on": "30/06/2026",
                "cost_vnd": 1500000,
            },
            {"service": "Học bổng", "provider": "Trường tiểu học", "starts_on": "2026-06-01"},
        ],
    )
    assert response.status_code == 200, response.json()
    plan = response.json()["file"]["history"][-1]["data"]
    assert plan["services"] == [
        {
            "service": "Tư vấn tâm lý",
            "provider": "Trạm y tế xã",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-30",
            "cost_vnd": 1500000,
        },
        {
            "service": "Học bổng",
            "provider": "Trường tiểu học",
            "starts_on": "2026-06-01",
            "ends_on": None,
            "cost_vnd": None,
        },
    ]


def test_a_plan_with_a_wrong_service_is_a_400_naming_it_and_changes_nothing(world, assessed):
    response = _plan(
        _client(world.xa1),
        assessed,
        [
            {"service": "Tư vấn", "provider": "Trạm y tế", "starts_on": "2026-06-01"},
            {
                "service": "Học bổng",
                "provider": "Trường",
                "starts_on": "2026-06-10",
                "ends_on": "2026-06-01",
                "cost_vnd": "nhiều",
            },
        ],
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["services"]
    assert any(e.startswith("Dòng 2 (Học bổng): ngày kết thúc dự kiến trước") for e in errors)
    assert any("kinh phí “nhiều” không phải là số tiền" in e for e in errors)
    version = assessed.version
    assessed.refresh_from_db()
    assert assessed.state == S.DETAILED_ASSESSMENT and assessed.version == version
    assert not assessed.transitions.filter(to_state=S.PLANNING).exists()
