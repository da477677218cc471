"""The printed content of Mẫu 02-06 against what was read of Nghị định 56/2017/NĐ-CP: the annex's
Mẫu 06 (part 1a), and the decree's articles for what Mẫu 02-05 must hold (Art. 26-28, 32)."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from baovetreem.cases import documents, workflow
from baovetreem.cases.models import CaseState
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState


def _doc(case, form: str):
    return Document(io.BytesIO(documents.build_document(case, form)))


def _paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def reviewed(world):
    """A case walked to the review with harm low, access low, obstacles medium, then closed."""
    case = open_case(world.xa1, world.V1a, child_name="Hoàng Thị Na")
    for to_state in (
        S.VERIFIED,
        S.INITIAL_ASSESSMENT,
        S.DETAILED_ASSESSMENT,
        S.PLANNING,
        S.APPROVED,
        S.IMPLEMENTING,
        S.REVIEW,
        S.CLOSED,
    ):
        actor = world.giamsat if to_state in (S.APPROVED, S.CLOSED) else world.xa1
        if to_state == S.PLANNING:
            case = step(
                actor,
                case,
                to_state,
                services=[
                    {
                        "service": "Tư vấn tâm lý",
                        "provider": "Trạm y tế xã",
                        "starts_on": "2026-05-11",
                        "ends_on": "2026-06-30",
                        "cost_vnd": 1_500_000,
                    },
                    {
                        "service": "Trở lại trường",
                        "provider": "Trường Tiểu học An Bình",
                        "starts_on": "01/06/2026",
                        "cost_vnd": "1,2 triệu",
                    },
                    {
                        "service": "Thăm gia đình",
                        "provider": "Cộng tác viên thôn",
                        "starts_on": "2026-05-12",
                    },
                ],
            )
        else:
            case = step(actor, case, to_state)
    return case


def test_review_form_06_has_no_agency_header_and_opens_as_the_annex(reviewed):
    doc = _doc(reviewed, "06")
    lines = [t for t in _paragraphs(doc) if t]
    assert lines[0] == "Mẫu số 06"
    assert lines[1:3] == [
        "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM",
        "SAU KHI THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    ]
    assert lines[3] == "Họ và tên trẻ em: Hoàng Thị Na"
    assert lines[4] == "Họ và tên cán bộ thực hiện: Người thử xa1"
    assert lines[5].startswith("Ngày, tháng, năm thực hiện: ")
    assert "ỦY BAN NHÂN DÂN" not in "\n".join(lines)
    assert "1. Đánh giá nguy cơ tại giai đoạn kết thúc" in lines
    assert "a) Đánh giá mức độ tổn hại của trẻ em" in lines


def test_review_form_06_rates_each_factor_on_the_annex_scale(reviewed):
    harm = _doc(reviewed, "06").tables[0]
    rows = _rows(harm)
    assert rows[0] == ["Đánh giá mức độ tổn hại của trẻ em", "Mức độ (Cao, Trung bình, Thấp)"]
    assert [r[0] for r in rows[1:4]] == [
        "1. Mức độ tổn hại của trẻ em có còn nghiêm trọng không",
        "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại",
        "3. Những trở ngại trong môi trường chăm sóc trẻ em đối với việc bảo đảm an toàn cho "
        "trẻ em",
    ]
    harm_levels = rows[1][1].splitlines()
    assert harm_levels == [
        "☐ Cao (tổn hại của trẻ em vẫn còn rất nghiêm trọng, ảnh hưởng đến sự phát triển "
        "của trẻ em)",
        "☐ Trung bình (tổn hại của trẻ em còn ít nghiêm trọng)",
        "☒ Thấp (tổn hại của trẻ em không còn nghiêm trọng)",
    ]
    assert "☒ Thấp (đối tượng xâm hại ít hoặc không có khả năng tiếp cận trẻ em)" in rows[2][1]
    assert "☒ Trung bình (có một vài trở ngại" in rows[3][1]
    assert rows[4] == ["Tổng số", "Cao: 0   Trung bình: 1   Thấp: 2"]


def test_review_form_06_prints_no_empty_part(reviewed):
    doc = _doc(reviewed, "06")
    lines = _paragraphs(doc)
    # Part 1b is not recorded by the review: neither its heading nor a blank table is printed.
    assert "b) Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em" not in lines
    assert not [t for t in doc.tables if "tự bảo vệ, phục hồi" in _rows(t)[0][0]]
    assert _numbered(lines) == [
        "1. Đánh giá nguy cơ tại giai đoạn kết thúc",
        "a) Đánh giá mức độ tổn hại của trẻ em",
        "2. Nhận xét, kết luận",
    ]
    _no_empty_item(lines)


def test_decision_is_form_05_and_lists_the_plan_contents_of_article_28(reviewed):
    doc = _doc(reviewed, "05")
    text = "\n".join(_paragraphs(doc))
    assert _paragraphs(doc)[0] == "Mẫu số 05"
    assert "Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã" in text
    assert (
        "a) Tư vấn tâm lý; cơ quan, tổ chức, cá nhân thực hiện: Trạm y tế xã; "
        "thời điểm bắt đầu: 11/05/2026; dự kiến kết thúc: 30/06/2026; dự toán kinh phí: "
        "1.500.000 đồng;" in text
    )
    assert (
        "b) Trở lại trường; cơ quan, tổ chức, cá nhân thực hiện: Trường Tiểu học An Bình; "
        "thời điểm bắt đầu: 01/06/2026; dự kiến kết thúc: ……………; dự toán kinh phí: "
        "1.200.000 đồng;" in text
    )
    assert "dự toán kinh phí: …………… đồng;" in text  # the visit has no cost
    assert "3. Tổng dự toán kinh phí: 2.700.000 đồng." in text
    assert "Giao người làm công tác bảo vệ trẻ em cấp xã chủ trì" in text
    receivers = _doc(reviewed, "05").tables[-1].cell(0, 0).text
    assert "- Cha, mẹ hoặc người chăm sóc trẻ em;" in receivers
    assert "- Cơ quan, tổ chức, cá nhân thực hiện kế hoạch;" in receivers


def test_plan_form_04_has_start_end_and_cost_columns(reviewed):
    doc = _doc(reviewed, "04")
    services = doc.tables[1]
    rows = _rows(services)
    assert rows[0] == [
        "STT",
        "Dịch vụ, công việc cần thực hiện",
        "Cơ quan, tổ chức, cá nhân thực hiện",
        "Thời điểm bắt đầu",
        "Dự kiến kết thúc",
        "Dự toán kinh phí (đồng)",
    ]
    assert rows[1] == [
        "1",
        "Tư vấn tâm lý",
        "Trạm y tế xã",
        "11/05/2026",
        "30/06/2026",
        "1.500.000",
    ]
    assert rows[2] == [
        "2",
        "Trở lại trường",
        "Trường Tiểu học An Bình",
        "01/06/2026",
        "………",
        "1.200.000",
    ]
    assert rows[3] == ["3", "Thăm gia đình", "Cộng tác viên thôn", "12/05/2026", "………", "………"]
    # The total sums the costs that were estimated.
    assert "Tổng dự toán kinh phí: 2.700.000 đồng" in _paragraphs(doc)


@pytest.fixture
def legacy_plan(world, monkeypatch):
    """A case approved on a plan stored as plans were before the start, end and cost were
    recorded: "service", "provider" and a "due_on" only (the old validator stands in)."""
    monkeypatch.setitem(
        workflow.TRANSITIONS,
        (S.DETAILED_ASSESSMENT, S.PLANNING),
        ("plan_case", lambda case, data: data),
    )
    case = open_case(world.xa1, world.V1a, child_name="Hoàng Thị Na")
    for to_state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT):
        case = step(world.xa1, case, to_state)
    case = step(
        world.xa1,
        case,
        S.PLANNING,
        services=[
            {"service": "Tư vấn tâm lý", "provider": "Trạm y tế xã", "due_on": ""},
            {"service": "Trở lại trường", "provider": "", "due_on": "2026-06-01"},
        ],
        review_on="2026-08-01",
    )
    return step(world.giamsat, case, S.APPROVED)


def test_plan_stored_before_dates_and_costs_still_prints_with_dotted_lines(legacy_plan):
    plan = _doc(legacy_plan, "04")
    rows = _rows(plan.tables[1])
    assert rows[1] == ["1", "Tư vấn tâm lý", "Trạm y tế xã", "………", "………", "………"]
    assert rows[2] == ["2", "Trở lại trường", "………", "………", "01/06/2026", "………"]
    # No cost was estimated: the total is a dotted line (a tab with a dot leader) to fill.
    assert "Tổng dự toán kinh phí: \t" in _paragraphs(plan)
    text = "\n".join(_paragraphs(_doc(legacy_plan, "05")))
    assert (
        "a) Tư vấn tâm lý; cơ quan, tổ chức, cá nhân thực hiện: Trạm y tế xã; "
        "thời điểm bắt đầu: ……………; dự kiến kết thúc: ……………; dự toán kinh phí: ……………"
        " đồng;" in text
    )
    assert "b) Trở lại trường; cơ quan, tổ chức, cá nhân thực hiện: ……………;" in text
    assert "dự kiến kết thúc: 01/06/2026" in text
    assert "3. Tổng dự toán kinh phí: …………… đồng." in text


def _numbered(lines: list[str]) -> list[str]:
    """The numbered items ("1. …", "2. …") and parts ("a) …") of a form, in order."""
    return [line for line in lines if re.match(r"^(\d+\.|[a-h]\)) ", line)]


def _no_empty_item(lines: list[str]) -> None:
    """Every numbered item has content: no "label:" followed by a dotted line only."""
    for line in _numbered(lines):
        assert not line.rstrip().endswith(":") and "\t" not in line, line


def test_specific_assessment_form_03_prints_only_the_points_recorded(reviewed):
    lines = _paragraphs(_doc(reviewed, "03"))
    text = "\n".join(lines)
    assert "THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ CỤ THỂ" in text
    assert "Kết quả chung: Trẻ sợ hãi, bỏ học hai tuần." in lines
    # Only the needs were recorded of the eight points of Art. 27.1: numbered from 1, no gaps.
    assert _numbered(lines) == [
        "1. Nhu cầu hỗ trợ, can thiệp của trẻ em: Tư vấn tâm lý, trở lại trường.",
        "2. Mức độ nguy cơ: ☐ Cao    ☒ Trung bình    ☐ Thấp",
    ]
    _no_empty_item(lines)
    assert "Ý kiến, nguyện vọng của trẻ em" not in text
    assert "III. HỌP XÁC ĐỊNH NHU CẦU HỖ TRỢ, CAN THIỆP" in lines
    assert "Ngày họp: 04/05/2026" in lines
    assert "Thành phần tham dự" not in text


def test_specific_assessment_form_03_numbers_the_points_in_the_order_of_article_27(world):
    case = open_case(world.xa1, world.V1a)
    for to_state in (S.VERIFIED, S.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, to_state)
    case = step(
        world.xa1,
        case,
        S.DETAILED_ASSESSMENT,
        meeting_on=None,
        physical="Trẻ gầy, hay sợ hãi.",
        child_views="Trẻ muốn ở với bà ngoại.",
        meeting_attendees="",
    )
    lines = _paragraphs(_doc(case, "03"))
    assert _numbered(lines) == [
        "1. Tình trạng thể chất, tâm lý, tình cảm của trẻ em: Trẻ gầy, hay sợ hãi.",
        "2. Nhu cầu hỗ trợ, can thiệp của trẻ em: Tư vấn tâm lý, trở lại trường.",
        "3. Ý kiến, nguyện vọng của trẻ em: Trẻ muốn ở với bà ngoại.",
        "4. Mức độ nguy cơ: ☐ Cao    ☒ Trung bình    ☐ Thấp",
    ]
    # No meeting recorded: its numbered section is not printed at all.
    assert not [line for line in lines if line.startswith("III.")]


def test_initial_assessment_form_02_opens_with_child_officer_and_date(reviewed):
    lines = [t for t in _paragraphs(_doc(reviewed, "02")) if t]
    start = lines.index("I. THÔNG TIN CHUNG")
    assert lines[start + 1] == "Họ và tên trẻ em: Hoàng Thị Na"
    assert lines[start + 2] == "Họ và tên cán bộ thực hiện: Người thử xa1"
    assert lines[start + 3].startswith("Ngày, tháng, năm thực hiện: ")
    assert "1. Mức độ tổn hại của trẻ em: Trẻ bị đánh nhiều lần." in lines
    assert (
        "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại: Người bị nghi ngờ sống cùng nhà."
        in lines
    )


def test_separation_on_form_02_leaves_the_mau_07_decision_to_fill(client_for, world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    case = step(world.xa1, case, S.EMERGENCY)
    lines = _paragraphs(_doc(case, "02"))
    assert "Quyết định tạm thời cách ly (Mẫu số 07) số, ngày: \t" in lines
    assert any(t.startswith("☒ Khẩn cấp: áp dụng biện pháp can thiệp khẩn cấp") for t in lines)


def test_form_titles_listed_for_the_case_page(reviewed):
    titles = dict(documents.available_forms(reviewed, full=True))
    assert titles["03"] == "Thu thập thông tin, đánh giá nguy cơ cụ thể"
    assert titles["05"] == "Quyết định phê duyệt kế hoạch hỗ trợ, can thiệp"
