"""POST /api/v1/cases/{id}/child links a case to a child of the register through the same
service as the case page: 200, 409 at a stale version, 404 outside the caller's view, 403 for who
only reads the case."""

from __future__ import annotations

from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case
from baovetreem.cases.tests.conftest import open_case


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _link(user, case, child, version):
    return _client(user).post(
        f"/api/v1/cases/{case.pk}/child",
        {"child_id": child.pk, "version": version},
        content_type="application/json",
    )


def test_officer_links_a_hotline_case_over_the_api(world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An")
    response = _link(world.xa1, case, kids["an"], 1)
    assert response.status_code == 200
    body = response.json()
    assert body["report"]["child_id"] == kids["an"].pk
    assert body["report"]["child_name"] == "Nguyen Van An"
    assert body["file"]["version"] == 2
    assert AuditEvent.objects.filter(object_id=str(case.pk), note="child linked").exists()


def test_stale_version_is_a_409_with_the_current_version(world, kids):
    case = open_case(world.tongdai, world.V1a)
    Case.objects.filter(pk=case.pk).update(version=3)
    response = _link(world.xa1, case, kids["an"], 1)
    assert response.status_code == 409 and response.json()["version"] == 3


def test_child_or_case_out_of_view_is_a_404(world, kids):
    case = open_case(world.tongdai, world.V1a)
    assert _link(world.xa1, case, kids["binh"], 1).status_code == 404
    assert _link(world.xa2, case, kids["binh"], 1).status_code == 404
    assert _link(world.ctv1, case, kids["an"], 1).status_code == 404
    case.refresh_from_db()
    assert case.child is None


def test_receiving_operator_is_a_403(world, kids):
    case = open_case(world.tongdai, world.V1a)
    response = _link(world.tongdai, case, kids["an"], 1)
    assert response.status_code == 403 and response.json()["detail"]


def test_already_linked_or_closed_is_a_400(world, kids):
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    response = _link(world.xa1, case, kids["dung"], 1)
    assert response.status_code == 400 and "child_id" in response.json()["errors"]
    other = open_case(world.xa1, world.V1a)
    Case.objects.filter(pk=other.pk).update(state="closed")
    assert _link(world.xa1, other, kids["an"], 1).status_code == 400


# --- who sees which name of the child ---------------------------------------------------------


def _listed_child(user, case) -> str:
    items = _client(user).get("/api/v1/cases", {"limit": 50}).json()["items"]
    return {item["id"]: item["child"] for item in items}[case.pk]


def test_operator_who_received_a_linked_report_gets_the_reported_name(world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An")
    assert _link(world.xa1, case, kids["an"], 1).status_code == 200
    assert _listed_child(world.tongdai, case) == "Nguyen Van An"
    detail = _client(world.tongdai).get(f"/api/v1/cases/{case.pk}").json()
    assert detail["full_access"] is False
    assert detail["child"] == "Nguyen Van An" and detail["report"]["child_name"] == "Nguyen Van An"
    assert "Nguyễn Văn An" not in str(detail)


def test_commune_officer_gets_the_register_name(world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An")
    assert _link(world.xa1, case, kids["an"], 1).status_code == 200
    assert _listed_child(world.xa1, case) == "Nguyễn Văn An"
    detail = _client(world.xa1).get(f"/api/v1/cases/{case.pk}").json()
    assert detail["full_access"] is True and detail["child"] == "Nguyễn Văn An"


def test_operator_gets_name_unknown_for_a_linked_report_without_a_name(world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="")
    assert _link(world.xa1, case, kids["an"], 1).status_code == 200
    assert _listed_child(world.tongdai, case) == "Chưa rõ tên"
    assert _client(world.tongdai).get(f"/api/v1/cases/{case.pk}").json()["child"] == "Chưa rõ tên"
    assert _listed_child(world.xa1, case) == "Nguyễn Văn An"
