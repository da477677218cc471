"""The cases API reaches exactly what the case pages reach, and audits every open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from baovetreem.accounts.models import ApiToken
from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseState
from baovetreem.core.calendar import VIETNAM

VERIFY = {"findings": "Đã đến nhà, trẻ có vết bầm ở tay.", "child_safe": True}


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _report(location, **overrides) -> dict:
    data = {
        "location_id": location.pk,
        "received_at": timezone.now().isoformat(),
        "channel": "hotline_111",
        "classification": "abused",
        "child_name": "Bé Na",
        "child_estimated_age": 8,
        "child_sex": "female",
        "what_happened": "Hàng xóm nghe tiếng trẻ khóc và bị đánh.",
        "suspected_person": "Người họ hàng",
        "suspected_relationship": "relative",
        "reporter_name": "Người gọi",
        "reporter_phone": "0900000000",
    }
    data.update(overrides)
    return data


def _open(actor, location, **overrides) -> Case:
    data = _report(location, **overrides)
    data.pop("location_id")
    data["received_at"] = dt.datetime.fromisoformat(data["received_at"])
    return services.receive_report(actor, data, location=location)


@pytest.fixture
def case(world):
    """A report of abuse in village V1a, received (and so worked) by the commune officer xa1."""
    return _open(world.xa1, world.V1a)


@pytest.fixture
def hotline_case(world):
    """A report about a child of V1a received by the hotline operator of province P."""
    return _open(world.tongdai, world.V1a)


def test_hotline_operator_pushes_a_report_that_the_commune_then_sees(world):
    response = _client(world.tongdai).post(
        "/api/v1/cases/reports", _report(world.V1a), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["code"].startswith("BVTE-") and body["full_access"] is False
    case = Case.objects.get(pk=body["id"])
    assert case.report.received_by == world.tongdai
    # No consent given: the service drops the caller's contact.
    assert case.report.reporter_name == "" and case.report.reporter_phone == ""
    listed = _client(world.xa1).get("/api/v1/cases").json()
    assert [item["code"] for item in listed["items"]] == [body["code"]]
    assert listed["items"][0]["state"] == CaseState.RECEIVED


def test_reporter_contact_is_kept_with_consent(world):
    response = _client(world.tongdai).post(
        "/api/v1/cases/reports",
        _report(world.C1, reporter_consent=True),
        content_type="application/json",
    )
    report = Case.objects.get(pk=response.json()["id"]).report
    assert report.reporter_phone == "0900000000"


def test_intake_says_in_vietnamese_what_to_fix_and_stores_nothing(world):
    response = _client(world.tongdai).post(
        "/api/v1/cases/reports",
        _report(world.V1a, what_happened="", channel="", received_at=None),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"what_happened", "channel", "received_at"}
    assert "Mô tả" in errors["what_happened"][0] or "trẻ" in errors["what_happened"][0]
    assert not Case.objects.exists()


def test_intake_refuses_a_province_or_a_child_outside_the_register(world):
    client = _client(world.tongdai)
    at_province = client.post(
        "/api/v1/cases/reports", _report(world.P), content_type="application/json"
    )
    assert at_province.status_code == 400
    assert "location_id" in at_province.json()["errors"]
    with_child = client.post(
        "/api/v1/cases/reports",
        _report(world.V1a, child_id=999999),
        content_type="application/json",
    )
    assert with_child.status_code == 400
    assert "child_id" in with_child.json()["errors"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [("tongdai_q", "V1a", 404), ("xa2", "V1a", 404), ("ctv1", "V1b", 404), ("kiemtra", "V1a", 403)],
)
def test_intake_outside_the_callers_rights_is_refused(world, persona, unit, status):
    response = _client(getattr(world, persona)).post(
        "/api/v1/cases/reports", _report(getattr(world, unit)), content_type="application/json"
    )
    assert response.status_code == status
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["ctv1", "xa2", "tongdai_q", "canbo", "kiemtra", "tinh"])
def test_outsiders_get_404_and_empty_lists(world, case, hotline_case, persona):
    client = _client(getattr(world, persona))
    for target in (case, hotline_case):
        assert client.get(f"/api/v1/cases/{target.pk}").status_code == 404
        response = client.post(
            f"/api/v1/cases/{target.pk}/transitions",
            {"to_state": "verified", "version": 1, "data": VERIFY},
            content_type="application/json",
        )
        assert response.status_code == 404
        target.refresh_from_db()
        assert target.state == CaseState.RECEIVED and target.version == 1
    assert client.get("/api/v1/cases").json() == {"items": [], "count": 0}
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_every_detail_call_writes_an_audit_view(world, case):
    client = _client(world.xa1)
    for _ in range(2):
        body = client.get(f"/api/v1/cases/{case.pk}").json()
        assert body["full_access"] is True
        assert body["file"]["state"] == CaseState.RECEIVED
        assert "verified" in body["file"]["next_states"]
    views = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="cases.case", object_id=str(case.pk)
    )
    assert views.count() == 2 and {v.actor for v in views} == {world.xa1}


def test_receiving_operator_gets_the_report_only_and_cannot_step(world, hotline_case):
    client = _client(world.tongdai)
    body = client.get(f"/api/v1/cases/{hotline_case.pk}").json()
    assert body["full_access"] is False and body["file"] is None
    assert body["report"]["what_happened"].startswith("Hàng xóm")
    assert AuditEvent.objects.get(action=AuditAction.VIEW).note == "report only"
    listed = client.get("/api/v1/cases").json()["items"]
    assert [(c["id"], c["state"], c["risk_level"]) for c in listed] == [
        (hotline_case.pk, None, None)
    ]
    assert client.get("/api/v1/cases", {"state": "received"}).json()["count"] == 0
    response = client.post(
        f"/api/v1/cases/{hotline_case.pk}/transitions",
        {"to_state": "verified", "version": 1, "data": VERIFY},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_steps_move_the_case_and_a_stale_version_is_a_409(world, case):
    client = _client(world.xa1)
    url = f"/api/v1/cases/{case.pk}/transitions"
    done = client.post(
        url, {"to_state": "verified", "version": 1, "data": VERIFY}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["file"]["state"] == CaseState.VERIFIED
    assert done.json()["file"]["history"][0]["by"] == "xa1"
    stale = client.post(
        url,
        {"to_state": "initial_assessment", "version": 1, "data": {}},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == 2 and stale.json()["detail"]
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED and case.version == 2


def test_refused_steps_are_400_with_the_services_message(world, case):
    client = _client(world.xa1)
    url = f"/api/v1/cases/{case.pk}/transitions"
    out_of_order = client.post(
        url, {"to_state": "closed", "version": 1, "data": {}}, content_type="application/json"
    )
    assert out_of_order.status_code == 400 and out_of_order.json()["detail"]
    incomplete = client.post(
        url, {"to_state": "verified", "version": 1, "data": {}}, content_type="application/json"
    )
    assert incomplete.status_code == 400
    assert "findings" in incomplete.json()["errors"]
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED and case.version == 1


def test_overdue_flag_and_filter(world):
    past = dt.datetime(2026, 1, 5, 9, 0, tzinfo=VIETNAM)
    late = _open(world.xa1, world.V1a, received_at=past.isoformat())
    _open(world.xa1, world.V1b)
    client = _client(world.xa1)
    flags = {c["id"]: c["overdue"] for c in client.get("/api/v1/cases").json()["items"]}
    assert client.get("/api/v1/cases", {"state": "received"}).json()["count"] == 2
    assert flags[late.pk] is True and list(flags.values()).count(True) == 1
    only = client.get("/api/v1/cases", {"overdue": True}).json()["items"]
    assert [c["id"] for c in only] == [late.pk]


def test_case_list_has_constant_queries(world, django_assert_max_num_queries):
    for n in range(25):
        _open(world.tongdai if n % 2 else world.xa1, world.V1a, child_name=f"Trẻ {n}")
    client = _client(world.xa1)
    with django_assert_max_num_queries(9):  # 6 + the audited read's insert and savepoint
        body = client.get("/api/v1/cases", {"limit": 50}).json()
    assert body["count"] == 25 and all(item["full_access"] for item in body["items"])


def test_commune_officer_links_a_child_of_the_register_and_works_the_case(world):
    from baovetreem.testing.children import make_child

    child = make_child(world.V1a, "Lê Thị Mai", dt.date(2016, 3, 1))
    response = _client(world.xa1).post(
        "/api/v1/cases/reports",
        _report(world.V1a, child_id=child.pk, channel="in_person"),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["full_access"] is True
    assert Case.objects.get(pk=response.json()["id"]).child == child
    # The operator of the province cannot see the register: linking is refused, nothing stored.
    refused = _client(world.tongdai).post(
        "/api/v1/cases/reports",
        _report(world.V1a, child_id=child.pk),
        content_type="application/json",
    )
    assert refused.status_code == 400 and "child_id" in refused.json()["errors"]
    assert Case.objects.count() == 1


def test_case_routes_are_in_the_api_schema(client_for):
    paths = client_for("xa1").get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/cases", "/api/v1/cases/reports", "/api/v1/cases/{pk}"} <= set(paths)
    assert "/api/v1/cases/{pk}/transitions" in paths
