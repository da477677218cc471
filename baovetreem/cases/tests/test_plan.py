"""The support plan (Mẫu 04, Nghị định 56/2017 Art. 28.3): per service, who carries it out, its
start, expected end and estimated cost, typed one service per line on a phone or sent as a list
over the API; a wrong part is refused naming its line, and plans stored before stay readable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from baovetreem.cases import workflow
from baovetreem.cases.forms import PlanForm, split_service_line
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.tests.conftest import step
from baovetreem.cases.workflow import parse_day, parse_vnd, validate_plan

S = CaseState


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1500000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("1500000 VND", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("1,5tr", 1_500_000),
        ("2 triệu", 2_000_000),
        ("500 nghìn", 500_000),
        ("500k", 500_000),
        ("1,25 tỷ", 1_250_000_000),
        ("0", 0),
        (800_000, 800_000),
    ],
)
def test_costs_are_read_as_officers_write_them(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize("typed", ["abc", "1,5", "1.50.000", "12,3456789 triệu", "", 1.5, True])
def test_what_is_not_an_amount_of_dong_is_refused(typed):
    with pytest.raises(ValueError):
        parse_vnd(typed)


@pytest.mark.parametrize("typed", ["1/6/2026", "01/06/2026", "2026-06-01", dt.date(2026, 6, 1)])
def test_dates_are_read_as_d_m_yyyy_or_iso(typed):
    assert parse_day(typed) == dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("Tư vấn — Trạm y tế — 1/6/2026 — 30/6/2026 — 1.500.000", 5),
        ("Tư vấn – Trạm y tế – 1/6/2026", 3),
        ("Tư vấn - Trạm y tế - 1/6/2026 - 30/6/2026 - 1,5 triệu", 5),
        ("Tư vấn | Trạm y tế | 1/6/2026 | | 500k", 5),
        ("- Tư vấn - Trạm y tế", 2),
        ("2. Tư vấn - Trạm y tế", 2),
        ("Tư vấn tâm lý-xã hội - Trạm y tế - 2026-06-01", 3),
    ],
)
def test_a_service_line_splits_on_dashes_and_bars(line, parts):
    split = split_service_line(line)
    assert len(split) == parts and split[0].startswith("Tư vấn") and split[1] == "Trạm y tế"


def _form(services: str) -> PlanForm:
    form = PlanForm({"version": 1, "goals": "Trẻ an toàn.", "services": services})
    assert form.is_valid(), form.errors
    return form


def test_the_form_reads_each_line_into_the_parts_of_form_04():
    data = _form(
        "Tư vấn tâm lý — Trạm y tế xã — 1/6/2026 — 30/06/2026 — 1,5 triệu\n"
        "\n"
        "Hỗ trợ học tập - Trường tiểu học - 01/06/2026\n"
    ).step_data()
    cleaned = validate_plan(None, data)
    assert cleaned["services"] == [
        {
            "service": "Tư vấn tâm lý",
            "provider": "Trạm y tế xã",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-30",
            "cost_vnd": 1_500_000,
        },
        {
            "service": "Hỗ trợ học tập",
            "provider": "Trường tiểu học",
            "starts_on": "2026-06-01",
            "ends_on": None,
            "cost_vnd": None,
        },
    ]


def test_a_line_with_more_than_five_parts_is_refused_by_the_form():
    form = PlanForm(
        {"version": 1, "goals": "x", "services": "Tư vấn - tâm lý - Trạm - 1/6/2026 - - 5 - 6"}
    )
    assert not form.is_valid()
    assert form.errors["services"] == [
        "Dòng 1 có 7 phần: ghi nhiều nhất năm phần (dịch vụ, người thực hiện, ngày bắt đầu, "
        "ngày kết thúc dự kiến, kinh phí), ngăn cách bằng “-”."
    ]


def _errors(services: str) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate_plan(None, _form(services).step_data())
    return exc.value.message_dict["services"]


@pytest.mark.parametrize(
    ("line2", "message"),
    [
        (
            "Học bổng - Trường - 01/06/2026 - 15/05/2026",
            "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước ngày bắt đầu: sửa lại một trong "
            "hai ngày.",
        ),
        (
            "Học bổng - Trường - 01/06/2026 - - hai triệu",
            "Dòng 2 (Học bổng): kinh phí “hai triệu” không phải là số tiền: ghi bằng đồng, ví "
            "dụ 1.500.000 hoặc 1,5 triệu.",
        ),
        (
            "Học bổng - Trường - 31/02/2026",
            "Dòng 2 (Học bổng): ngày bắt đầu “31/02/2026” không phải là ngày: ghi theo dạng "
            "dd/mm/yyyy.",
        ),
        (
            "Học bổng - Trường - 01/06/2026 - tháng 7",
            "Dòng 2 (Học bổng): ngày kết thúc dự kiến “tháng 7” không phải là ngày: ghi theo "
            "dạng dd/mm/yyyy.",
        ),
        (
            "Học bổng - Trường - 01/06/2026 - - -500000",
            "Dòng 2 (Học bổng): kinh phí không được là số âm: ghi số tiền từ 0 trở lên.",
        ),
        ("Học bổng - Trường", "Dòng 2 (Học bổng): ghi ngày bắt đầu theo dạng dd/mm/yyyy."),
        (
            "Học bổng",
            "Dòng 2 (Học bổng): ghi người hoặc cơ quan, tổ chức thực hiện.",
        ),
    ],
)
def test_a_wrong_part_is_refused_naming_its_line(line2, message):
    assert message in _errors(f"Tư vấn - Trạm y tế - 01/06/2026\n{line2}")


def test_the_line_number_is_the_line_typed_even_after_blank_lines():
    assert _errors("Tư vấn - Trạm y tế - 01/06/2026\n\n\nHọc bổng - Trường - x") == [
        "Dòng 4 (Học bổng): ngày bắt đầu “x” không phải là ngày: ghi theo dạng dd/mm/yyyy."
    ]


def _planning(world, case) -> Case:
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    return case


def _post_plan(client, case, services: str):
    return client.post(
        f"/cases/{case.pk}/transition/{S.PLANNING}/",
        {
            f"{S.PLANNING}-version": Case.objects.get(pk=case.pk).version,
            f"{S.PLANNING}-goals": "Trẻ an toàn.",
            f"{S.PLANNING}-services": services,
        },
    )


def test_a_refused_plan_stores_nothing_and_keeps_what_was_typed(client_for, world, case):
    case = _planning(world, case)
    typed = "Tư vấn - Trạm y tế - 01/06/2026\nHọc bổng - Trường - 01/06/2026 - 15/05/2026"
    response = _post_plan(client_for("xa1"), case, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước ngày bắt đầu" in page
    assert "Học bổng - Trường - 01/06/2026 - 15/05/2026" in page  # the textarea keeps the text
    version = case.version
    case.refresh_from_db()
    assert case.state == S.DETAILED_ASSESSMENT and case.version == version
    assert not case.transitions.filter(to_state=S.PLANNING).exists()


@pytest.fixture
def legacy_plan(world, case, monkeypatch):
    """A plan stored before the start, end and cost were recorded (the old validator)."""
    monkeypatch.setitem(
        workflow.TRANSITIONS,
        (S.DETAILED_ASSESSMENT, S.PLANNING),
        ("plan_case", lambda case, data: data),
    )
    services = [
        {"service": "Tư vấn tâm lý", "provider": "Trạm y tế xã", "due_on": ""},
        {"service": "Học bổng", "provider": "", "due_on": "2026-06-01"},
    ]
    return step(
        world.xa1, _planning(world, case), S.PLANNING, services=services, review_on="2026-08-01"
    )


def test_a_plan_stored_before_dates_and_costs_still_shows_in_the_history(client_for, legacy_plan):
    page = client_for("xa1").get(f"/cases/{legacy_plan.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tư vấn tâm lý — Trạm y tế xã<br>" in text
    assert "Học bổng — đến 01/06/2026" in text
    assert "Tổng dự toán kinh phí" not in text
