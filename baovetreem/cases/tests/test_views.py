"""The case pages: intake, list, detail with the form of each step, overdue list."""

import datetime as dt

import pytest
from django.utils import timezone

from baovetreem.cases import views
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.tests.conftest import open_case, received

S = CaseState

INTAKE = {
    "classification": "abused",
    "channel": "phone",
    "received_at": "29/04/2026 08:30",
    "child_name": "",
    "child_estimated_age": "6",
    "child_sex": "unknown",
    "what_happened": "Trẻ bị bỏ đói nhiều ngày.",
    "suspected_relationship": "carer",
    "reporter_name": "Anh Tư",
    "reporter_phone": "0988000111",
}

# What a person types into the form of each step, in workflow order, and who does it.
PAGE_STEPS = [
    ("xa1", S.VERIFIED, {"findings": "Đã xác minh tại nhà.", "child_safe": "on"}),
    (
        "xa1",
        S.INITIAL_ASSESSMENT,
        {
            "harm": "Trẻ suy dinh dưỡng.",
            "perpetrator_access": "Người chăm sóc sống cùng.",
            "care_environment": "Có cô ruột ở gần.",
            "risk_level": "high",
            "conclusion": "emergency",
        },
    ),
    ("xa1", S.EMERGENCY, {"measures": "Đưa trẻ đến trạm y tế.", "placed_with": ""}),
    (
        "xa1",
        S.DETAILED_ASSESSMENT,
        {"findings": "Trẻ cần dinh dưỡng.", "needs": "Bữa ăn, học bổng.", "risk_level": "medium"},
    ),
    (
        "xa1",
        S.PLANNING,
        {
            "goals": "Trẻ đủ ăn.",
            # One row of inputs per service; an empty row in between is skipped.
            "services-TOTAL_FORMS": 4,
            "services-INITIAL_FORMS": 0,
            "services-0-service": "Hỗ trợ dinh dưỡng",
            "services-0-provider": "Trạm y tế",
            "services-0-starts_on": "11/5/2026",
            "services-0-ends_on": "15/05/2026",
            "services-0-cost_vnd": "1.500.000",
            "services-2-service": "Học bổng",
            "services-2-provider": "Trường tiểu học",
            "services-2-starts_on": "01/06/2026",
            "services-2-cost_vnd": "2,5 triệu",
            "services-3-service": "Thăm gia đình",
            "services-3-provider": "Cộng tác viên thôn",
            "services-3-starts_on": "12/05/2026",
        },
    ),
    ("giamsat", S.APPROVED, {"decision_number": "7/QĐ-UBND", "decided_on": "08/05/2026"}),
    ("xa1", S.IMPLEMENTING, {"started_on": "11/05/2026"}),
    (
        "xa1",
        S.REVIEW,
        {
            "harm_level": "low",
            "perpetrator_access": "low",
            "care_obstacles": "low",
            "summary": "Ổn định.",
        },
    ),
    ("giamsat", S.CLOSED, {"reason": "Hết nguy cơ."}),
]


def _post_step(client, case, state, fields):
    data = {f"{state}-{k}": v for k, v in fields.items()}
    data[f"{state}-version"] = Case.objects.get(pk=case.pk).version
    return client.post(f"/cases/{case.pk}/transition/{state}/", data)


def test_intake_page_opens_a_case_with_mau_01_fields(client_for, world):
    client = client_for("xa1")
    page = client.get("/cases/new/")
    assert page.status_code == 200
    assert "reporter_consent" in page.content.decode()
    response = client.post("/cases/new/", {**INTAKE, "location": world.V1a.pk})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    report = case.report
    assert report.child_name == "" and report.child_estimated_age == 6
    assert report.reporter_name == ""  # no consent ticked
    assert case.emergency_needed and case.assignments.get().user == world.xa1


def test_intake_page_refuses_a_place_outside_the_operators_province(client_for, world):
    response = client_for("tongdai_q").post("/cases/new/", {**INTAKE, "location": world.V1a.pk})
    assert response.status_code == 200 and "location" in response.context["form"].errors
    assert not Case.objects.exists()


def test_collaborator_files_a_report_and_then_cannot_open_it(client_for, world):
    client = client_for("ctv1")
    response = client.post("/cases/new/", {**INTAKE, "location": world.V1a.pk})
    assert response.status_code == 302 and response["Location"] == "/cases/new/"
    case = Case.objects.get()
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_a_case_walks_to_closure_through_the_pages(client_for, world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    for persona, state, fields in PAGE_STEPS:
        client = client_for(persona)
        detail = client.get(f"/cases/{case.pk}/")
        assert state in [s["state"] for s in detail.context["steps"]], (persona, state)
        response = _post_step(client, case, state, fields)
        assert response.status_code == 302, (
            state,
            response.context and [s["form"].errors for s in response.context["steps"]],
        )
    case.refresh_from_db()
    assert case.state == S.CLOSED
    plan = case.transitions.get(to_state=S.PLANNING).data
    assert plan["services"] == [
        {
            "service": "Hỗ trợ dinh dưỡng",
            "provider": "Trạm y tế",
            "starts_on": "2026-05-11",
            "ends_on": "2026-05-15",
            "cost_vnd": 1_500_000,
        },
        {
            "service": "Học bổng",
            "provider": "Trường tiểu học",
            "starts_on": "2026-06-01",
            "ends_on": None,
            "cost_vnd": 2_500_000,
        },
        {
            "service": "Thăm gia đình",
            "provider": "Cộng tác viên thôn",
            "starts_on": "2026-05-12",
            "ends_on": None,
            "cost_vnd": None,
        },
    ]
    history = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    assert "7/QĐ-UBND" in history
    assert (
        "Hỗ trợ dinh dưỡng — Trạm y tế — từ 11/05/2026 đến 15/05/2026 — 1.500.000\u00a0đ" in history
    )
    assert "Học bổng — Trường tiểu học — từ 01/06/2026 — 2.500.000\u00a0đ" in history
    assert "Thăm gia đình — Cộng tác viên thôn — từ 12/05/2026<br>" in history
    assert "Tổng dự toán kinh phí: 4.000.000 đ" in history


def test_step_form_errors_come_back_on_the_page(client_for, world, case):
    client = client_for("xa1")
    response = _post_step(client, case, S.VERIFIED, {"findings": ""})
    assert response.status_code == 400
    form = next(s["form"] for s in response.context["steps"] if s["state"] == S.VERIFIED)
    assert "findings" in form.errors
    case.refresh_from_db()
    assert case.state == S.RECEIVED


def test_case_worker_sees_no_approval_form_and_is_refused_on_post(client_for, world):
    case = open_case(world.canbo, world.V1a)
    client = client_for("canbo")
    for _persona, state, fields in PAGE_STEPS[:1]:
        _post_step(client, case, state, fields)
    response = _post_step(client, case, S.APPROVED, {"decided_on": "08/05/2026"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.VERIFIED
    assert [s["state"] for s in client.get(f"/cases/{case.pk}/").context["steps"]] == [
        S.INITIAL_ASSESSMENT
    ]


def test_stale_form_is_refused_with_a_message(client_for, world, case):
    client = client_for("xa1")
    data = {"verified-version": 0, "verified-findings": "x"}
    response = client.post(f"/cases/{case.pk}/transition/verified/", data, follow=True)
    assert "Reload" in response.content.decode() or "tải lại" in response.content.decode().lower()
    case.refresh_from_db()
    assert case.state == S.RECEIVED


def test_list_filters_by_state_and_flags_overdue(client_for, world, case):
    late = open_case(
        world.xa1,
        world.V1a,
        received_at=received(dt.date(2026, 1, 5)),
        suspected_relationship="father",
    )
    client = client_for("xa1")
    page = client.get("/cases/").context["page"]
    flags = {c.code: c.overdue_now for c in page}
    assert flags[late.code] is True
    assert [c.pk for c in client.get("/cases/", {"state": "verified"}).context["page"]] == []
    overdue = {c.pk for c in client.get("/cases/overdue/").context["page"]}
    assert late.pk in overdue


def test_list_page_has_constant_queries(client_for, world, django_assert_max_num_queries):
    for n in range(25):
        open_case(world.xa1, world.V1a if n % 2 else world.V1b, child_name=f"Trẻ {n}")
    client = client_for("giamsat")
    with django_assert_max_num_queries(11):  # 10, and the assignees of the page's cases
        response = client.get("/cases/")
    assert len(response.context["page"]) == 25


@pytest.mark.parametrize("query", [{"open": "1"}, {"emergency_soon": "1"}])
def test_filtered_list_page_has_constant_queries(
    client_for, world, django_assert_max_num_queries, query
):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    for n in range(25):
        open_case(
            world.xa1,
            world.V1a if n % 2 else world.V1b,
            child_name=f"Trẻ {n}",
            received_at=an_hour_ago,
            suspected_relationship="father",
        )
    client = client_for("giamsat")
    with django_assert_max_num_queries(11):  # 10, and the assignees of the page's cases
        response = client.get("/cases/", query)
    assert len(response.context["page"]) == 25


def _hours_ago(hours: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def test_list_shows_open_cases_and_emergencies_due_soon(client_for, world, case):
    soon = open_case(
        world.xa1, world.V1b, received_at=_hours_ago(2), suspected_relationship="father"
    )
    late = open_case(
        world.xa1, world.V1a, received_at=_hours_ago(13), suspected_relationship="mother"
    )
    closed = open_case(
        world.xa1, world.V1a, received_at=_hours_ago(1), suspected_relationship="father"
    )
    # A closed case whose emergency was never recorded is not waiting for anyone any more.
    Case.objects.filter(pk=closed.pk).update(state=S.CLOSED)
    client = client_for("xa1")

    def shown(query: dict) -> set[int]:
        return {c.pk for c in client.get("/cases/", query).context["page"]}

    assert shown({}) == {case.pk, soon.pk, late.pk, closed.pk}
    assert shown({"open": "1"}) == {case.pk, soon.pk, late.pk}
    assert shown({"emergency_soon": "1"}) == {soon.pk}
    assert shown({"open": "on", "overdue": "on"}) == {case.pk, late.pk}
    page = client.get("/cases/", {"emergency_soon": "1"}).content.decode()
    assert 'name="emergency_soon" id="id_emergency_soon" checked' in page
    assert 'name="open" id="id_open" checked' not in page


def test_list_pages_keep_the_filter(client_for, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    cases = [open_case(world.xa1, world.V1a, child_name=f"Trẻ {n}") for n in range(4)]
    Case.objects.filter(pk=cases[0].pk).update(state=S.CLOSED)
    client = client_for("xa1")
    first = client.get("/cases/", {"open": "1"})
    assert 'href="?open=1&amp;page=2"' in first.content.decode()
    second = client.get("/cases/", {"open": "1", "page": "2"})
    assert [c.pk for c in second.context["page"]] == [cases[1].pk]
    assert 'name="open" id="id_open" checked' in second.content.decode()


def test_nav_shows_cases_to_case_roles_only(client_for, world):
    labels = lambda name: [i["url"] for i in client_for(name).get("/cases/").context["nav_items"]]  # noqa: E731
    assert "/cases/" in labels("xa1") and "/cases/" in labels("giamsat")
    assert "/cases/" not in labels("ctv1")


def test_home_page_shows_the_officers_alerts_and_overdue_counters(world, client_for):
    page = client_for("xa1").get("/").content.decode()
    assert "Trường hợp quá hạn trong địa bàn" in page and "/cases/overdue/" in page
    assert "/cases/overdue/" not in client_for("ctv1").get("/").content.decode()


def test_intake_suggests_register_children_by_name_and_links_them(world, kids, client_for):
    client = client_for("xa1")
    page = client.get("/cases/new/").content.decode()
    assert 'id="child-hint"' in page
    hint = client.get(
        "/registry/duplicates/hint/",
        {"child_name": "nguyen van an", "child_date_of_birth": "04/05/2019"},
    )
    assert "Nguyễn Văn An" in hint.content.decode()
    assert f"/cases/new/?child={kids['an'].pk}" in hint.content.decode()
    detail = client.get(f"/registry/{kids['an'].pk}/").content.decode()
    assert f"/cases/new/?child={kids['an'].pk}" in detail
    # Another commune's officer gets no hint about xa1's children.
    other = client_for("xa2").get(
        "/registry/duplicates/hint/",
        {"child_name": "nguyen van an", "child_date_of_birth": "04/05/2019"},
    )
    assert "Nguyễn Văn An" not in other.content.decode()
