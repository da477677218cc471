"""The support plan (Mẫu 04, Nghị định 56/2017 Art. 28.3): per service, who carries it out, its
start, expected end and estimated cost, typed in one row of inputs per service (as the printed
table) or sent as a list over the API; a wrong part is refused naming its row, and plans stored
before stay readable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from baovetreem.cases import services, workflow
from baovetreem.cases.forms import PlanForm
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


PARTS = ("service", "provider", "starts_on", "ends_on", "cost_vnd")


def _plan_post(rows: list[tuple], prefix: str = S.PLANNING, version: int = 1, **extra) -> dict:
    """The POST of the plan form: goals and one row of inputs per service."""
    data = {
        f"{prefix}-version": version,
        f"{prefix}-goals": "Trẻ an toàn.",
        f"{prefix}-services-TOTAL_FORMS": len(rows),
        f"{prefix}-services-INITIAL_FORMS": 0,
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in zip(PARTS, row, strict=False):
            data[f"{prefix}-services-{i}-{key}"] = value
    return data


def _form(rows: list[tuple]) -> PlanForm:
    form = PlanForm(_plan_post(rows), prefix=S.PLANNING)
    assert form.is_valid(), form.errors
    return form


def test_the_form_reads_each_row_into_the_parts_of_form_04():
    data = _form(
        [
            ("Tư vấn tâm lý", "Trạm y tế xã", "1/6/2026", "30/06/2026", "1,5 triệu"),
            ("", "", "", "", ""),
            ("Hỗ trợ học tập", "Trường tiểu học", "01/06/2026"),
        ]
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


def test_a_dash_in_a_service_name_stays_in_the_name():
    """Each part has its own input: nothing is split on dashes any more."""
    data = _form([("Tư vấn tâm lý - xã hội", "Hội Phụ nữ - chi hội thôn", "01/06/2026")])
    cleaned = validate_plan(None, data.step_data())
    assert cleaned["services"][0]["service"] == "Tư vấn tâm lý - xã hội"
    assert cleaned["services"][0]["provider"] == "Hội Phụ nữ - chi hội thôn"


def test_the_plan_page_has_one_input_per_part_and_no_text_box_for_services(client_for, world, case):
    case = _planning(world, case)
    page = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    assert f'<textarea name="{S.PLANNING}-services"' not in page
    for key in PARTS:
        assert f'name="{S.PLANNING}-services-0-{key}"' in page
    assert f'name="{S.PLANNING}-services-2-service"' in page  # three empty rows to start


def test_more_rows_than_a_plan_holds_are_refused():
    form = PlanForm(_plan_post([("Tư vấn", "Trạm", "01/06/2026")] * 31), prefix=S.PLANNING)
    assert not form.is_valid()


def _errors(rows: list[tuple]) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate_plan(None, _form(rows).step_data())
    return exc.value.message_dict["services"]


@pytest.mark.parametrize(
    ("row2", "message"),
    [
        (
            ("Học bổng", "Trường", "01/06/2026", "15/05/2026"),
            "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước ngày bắt đầu: sửa lại một trong "
            "hai ngày.",
        ),
        (
            ("Học bổng", "Trường", "01/06/2026", "", "hai triệu"),
            "Dòng 2 (Học bổng): kinh phí “hai triệu” không phải là số tiền: ghi bằng đồng, ví "
            "dụ 1.500.000 hoặc 1,5 triệu.",
        ),
        (
            ("Học bổng", "Trường", "31/02/2026"),
            "Dòng 2 (Học bổng): ngày bắt đầu “31/02/2026” không phải là ngày: ghi theo dạng "
            "dd/mm/yyyy.",
        ),
        (
            ("Học bổng", "Trường", "01/06/2026", "tháng 7"),
            "Dòng 2 (Học bổng): ngày kết thúc dự kiến “tháng 7” không phải là ngày: ghi theo "
            "dạng dd/mm/yyyy.",
        ),
        (
            ("Học bổng", "Trường", "01/06/2026", "", "-500000"),
            "Dòng 2 (Học bổng): kinh phí không được là số âm: ghi số tiền từ 0 trở lên.",
        ),
        (("Học bổng", "Trường"), "Dòng 2 (Học bổng): ghi ngày bắt đầu theo dạng dd/mm/yyyy."),
        (
            ("Học bổng",),
            "Dòng 2 (Học bổng): ghi người hoặc cơ quan, tổ chức thực hiện.",
        ),
    ],
)
def test_a_wrong_part_is_refused_naming_its_row(row2, message):
    assert message in _errors([("Tư vấn", "Trạm y tế", "01/06/2026"), row2])


def test_the_row_number_is_the_row_on_the_page_even_after_empty_rows():
    rows = [("Tư vấn", "Trạm y tế", "01/06/2026"), (), (), ("Học bổng", "Trường", "x")]
    assert _errors(rows) == [
        "Dòng 4 (Học bổng): ngày bắt đầu “x” không phải là ngày: ghi theo dạng dd/mm/yyyy."
    ]


def _planning(world, case) -> Case:
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, state)
    return case


def _post_plan(client, case, rows: list[tuple], **extra):
    version = Case.objects.get(pk=case.pk).version
    return client.post(
        f"/cases/{case.pk}/transition/{S.PLANNING}/", _plan_post(rows, version=version, **extra)
    )


def test_a_refused_plan_stores_nothing_and_keeps_what_was_typed(client_for, world, case):
    case = _planning(world, case)
    rows = [
        ("Tư vấn", "Trạm y tế", "01/06/2026"),
        ("Học bổng", "Trường", "01/06/2026", "15/05/2026"),
    ]
    response = _post_plan(client_for("xa1"), case, rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 2 (Học bổng): ngày kết thúc dự kiến trước ngày bắt đầu" in page
    assert f'name="{S.PLANNING}-services-1-ends_on" value="15/05/2026"' in page
    version = case.version
    case.refresh_from_db()
    assert case.state == S.DETAILED_ASSESSMENT and case.version == version
    assert not case.transitions.filter(to_state=S.PLANNING).exists()


def test_add_a_row_without_javascript_keeps_what_was_typed_and_saves_nothing(
    client_for, world, case
):
    case = _planning(world, case)
    rows = [("Tư vấn", "Trạm y tế", "01/06/2026"), ("Học bổng",), (), ()]
    response = _post_plan(client_for("xa1"), case, rows, add_service_row="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="{S.PLANNING}-services-1-service" value="Học bổng"' in page
    assert f'name="{S.PLANNING}-services-4-service"' in page  # one more row
    assert f'name="{S.PLANNING}-services-5-service"' not in page
    assert 'class="errors"' not in page  # nothing was checked: no error shown
    case.refresh_from_db()
    assert case.state == S.DETAILED_ASSESSMENT


def test_a_plan_sent_back_is_offered_again_with_its_rows(client_for, world, case):
    case = _planning(world, case)
    case = step(world.xa1, case, S.PLANNING)
    case = services.transition(
        world.giamsat, case, S.RETURNED, {"reason": "Bổ sung kinh phí."}, case.version
    )
    page = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    assert f'name="{S.PLANNING}-services-0-service" value="Tư vấn tâm lý"' in page
    assert f'name="{S.PLANNING}-services-0-starts_on" value="11/05/2026"' in page
    assert f'name="{S.PLANNING}-services-0-cost_vnd" value="1.500.000"' in page
    assert "Trẻ an toàn và đi học lại." in page


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
