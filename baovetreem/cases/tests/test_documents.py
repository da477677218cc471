"""Word documents of a case (Mẫu 01-06): filled from the case, scoped like the case page, each
print audited, and a form that its step has not filled yet is a 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import documents
from baovetreem.cases.models import CaseState
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALL_FORMS = ["01", "02", "03", "04", "05", "06"]


def _text(content: bytes) -> str:
    """Every paragraph of the document, tables included, one per line."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(doc.tables)
    return "\n".join(lines)


def _url(case, form: str) -> str:
    return f"/cases/{case.pk}/documents/{form}.docx"


def _prints(case) -> int:
    return AuditEvent.objects.filter(
        action="print", object_type="cases.case", object_id=str(case.pk)
    ).count()


@pytest.fixture
def reported(world):
    """A report of abuse with the Mẫu 01 fields filled and a reporter who agreed to be named."""
    return open_case(
        world.xa1,
        world.V1a,
        child_name="Hoàng Thị Na",
        child_estimated_age=None,
        child_date_of_birth=dt.date(2017, 3, 9),
        current_condition="Trẻ có vết bầm ở tay, sợ hãi.",
        likely_consequence="Trẻ tiếp tục bị đánh.",
        father_name="Hoàng Văn Tư",
        father_age=41,
        father_occupation="Làm ruộng",
        mother_name="Lò Thị Sáu",
        family_circumstances="Hộ nghèo, mẹ đi làm xa.",
        current_carer="Bà ngoại",
        actions_taken="Hàng xóm đã đưa trẻ sang nhà bên.",
        reporter_consent=True,
        reporter_name="Chị Lan",
        reporter_phone="0912345678",
        reporter_address="Thôn Một",
        notes="Người báo đề nghị giữ bí mật.",
    )


@pytest.fixture
def closed_case(world, reported):
    case = reported
    for to_state, actor in (
        (S.VERIFIED, world.xa1),
        (S.INITIAL_ASSESSMENT, world.xa1),
        (S.DETAILED_ASSESSMENT, world.xa1),
        (S.PLANNING, world.xa1),
        (S.APPROVED, world.giamsat),
        (S.IMPLEMENTING, world.xa1),
        (S.REVIEW, world.xa1),
        (S.CLOSED, world.giamsat),
    ):
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
                    },
                    {
                        "service": "Hỗ trợ trở lại trường",
                        "provider": "Trường Tiểu học An Bình",
                        "starts_on": "2026-05-18",
                        "ends_on": "2026-06-01",
                        "cost_vnd": 800_000,
                    },
                ],
            )
        else:
            case = step(actor, case, to_state)
    return case


def _download(client, case, form: str) -> str:
    response = client.get(_url(case, form))
    assert response.status_code == 200, (form, response.status_code)
    assert response["Content-Type"] == DOCX
    assert f'filename="{case.code}-mau-{form}.docx"' in response["Content-Disposition"]
    return _text(response.content)


def test_report_form_01_holds_every_field_of_the_report(client_for, reported):
    text = _download(client_for("xa1"), reported, "01")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH" in text
    assert "An Bình, ngày 29 tháng 4 năm 2026" in text
    assert "Tiếp nhận thông tin trẻ em bị xâm hại" in text
    assert reported.code in text
    assert "☒ Điện thoại" in text and "☐ Gặp trực tiếp" in text
    assert "10 giờ 00, ngày 29 tháng 04 năm 2026" in text
    for value in (
        "Hoàng Thị Na",
        "09/03/2017",
        "☒ Nữ",
        "Nhà riêng",
        "Trẻ có vết bầm ở tay, sợ hãi.",
        "Trẻ tiếp tục bị đánh.",
        "Họ và tên cha: Hoàng Văn Tư   Tuổi: 41   Nghề nghiệp: Làm ruộng",
        "Họ và tên mẹ: Lò Thị Sáu   Tuổi: ……………",
        "Hộ nghèo, mẹ đi làm xa.",
        "Bà ngoại",
        "Người họ hàng (người thân)",
        "Hàng xóm đã đưa trẻ sang nhà bên.",
        "Họ tên: Chị Lan",
        "Số điện thoại: 0912345678",
        "Người báo đề nghị giữ bí mật.",
        "CÁN BỘ TIẾP NHẬN THÔNG TIN",
        "Người thử xa1",
    ):
        assert value in text, value


def test_report_form_01_leaves_out_the_reporter_without_consent(client_for, world):
    case = open_case(
        world.xa1,
        world.V1a,
        reporter_consent=False,
        reporter_name="Anh Bảo",
        reporter_phone="0987000111",
        child_name="",
    )
    text = _download(client_for("xa1"), case, "01")
    assert "Anh Bảo" not in text and "0987000111" not in text
    assert "không đồng ý cung cấp thông tin cá nhân" in text
    assert "khoảng 8 tuổi" in text
    # An unknown name is a dotted line to fill in by hand (a tab with a dot leader).
    assert "Họ và tên trẻ em: \t" in text


def test_builder_prints_no_contact_without_consent_even_if_stored(world, reported):
    reported.report.reporter_consent = False  # as if the consent were withdrawn, not saved
    text = _text(documents.build_document(reported, "01"))
    assert "Chị Lan" not in text and "0912345678" not in text


def test_every_form_of_a_closed_case_is_filled_from_its_steps(client_for, closed_case, tmp_path):
    client = client_for("xa1")
    texts = {}
    for form in ALL_FORMS:
        response = client.get(_url(closed_case, form))
        assert response.status_code == 200, form
        (tmp_path / documents.filename(closed_case, form)).write_bytes(response.content)
        texts[form] = _text(response.content)
    for form, text in texts.items():
        assert "Hoàng Thị Na" in text and closed_case.code in text, form
        assert f"Mẫu số {form}" in text, form
        # The annex's Mẫu 06 has no agency header; the others carry the NĐ 30/2020 one.
        assert ("Độc lập - Tự do - Hạnh phúc" in text) == (form != "06"), form

    assert "ĐÁNH GIÁ NGUY CƠ BAN ĐẦU" in texts["02"]
    assert "Trẻ bị đánh nhiều lần." in texts["02"]
    assert "Người bị nghi ngờ sống cùng nhà." in texts["02"]
    assert "Bà ngoại có thể chăm sóc." in texts["02"]
    assert "Đã đến nhà, trẻ có vết bầm ở tay." in texts["02"]  # the verification
    assert "☒ Trung bình" in texts["02"] and "☒ Không khẩn cấp" in texts["02"]

    assert "Trẻ sợ hãi, bỏ học hai tuần." in texts["03"]
    assert "Tư vấn tâm lý, trở lại trường." in texts["03"]
    assert "04/05/2026" in texts["03"]

    plan = texts["04"]
    assert "KẾ HOẠCH HỖ TRỢ, CAN THIỆP" in plan and "Trẻ an toàn và đi học lại." in plan
    for value in ("Tư vấn tâm lý", "Trạm y tế xã", "Hỗ trợ trở lại trường", "01/06/2026"):
        assert value in plan, value
    assert "01/08/2026" in plan  # review date

    decision = texts["05"]
    assert "Số: 15/QĐ-UBND" in decision
    assert "An Bình, ngày 08 tháng 5 năm 2026" in decision
    assert "QUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch hỗ trợ, can thiệp" in decision
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH" in decision
    assert "Căn cứ Nghị định số 56/2017/NĐ-CP" in decision
    assert "Điều 1. " in decision and "Điều 3. " in decision
    assert "a) Tư vấn tâm lý; cơ quan, tổ chức, cá nhân thực hiện: Trạm y tế xã;" in decision
    assert "dự kiến kết thúc: 01/06/2026" in decision
    assert "Nơi nhận:" in decision and "CHỦ TỊCH" in decision
    assert "Người thử giamsat" in decision  # who approved signs

    review = texts["06"]
    assert "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM" in review
    assert "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại" in review
    assert "Trẻ đã ổn định, đi học đều." in review
    assert "☒ Đề nghị kết thúc kế hoạch hỗ trợ, can thiệp" in review
    assert "Không còn nguy cơ, trẻ ổn định." in review


def test_decision_follows_the_nghi_dinh_30_layout(world, closed_case):
    doc = Document(io.BytesIO(documents.build_document(closed_case, "05")))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).text == "Số: 15/QĐ-UBND"
    date_run = header.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.italic and date_run.text == "An Bình, ngày 08 tháng 5 năm 2026"
    title = next(p for p in doc.paragraphs if p.text == "QUYẾT ĐỊNH")
    assert title.runs[0].bold


def test_emergency_intervention_appears_on_form_02(client_for, world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    case = step(world.xa1, case, S.EMERGENCY)
    text = _download(client_for("xa1"), case, "02")
    assert "☒ Khẩn cấp" in text and "☒ Cao" in text
    assert "Đưa trẻ đến trạm y tế, báo công an xã." in text
    assert "Thời hạn cách ly (ngày): 10" in text and "Nhà bà ngoại" in text


def test_each_download_writes_a_print_audit_row(client_for, world, closed_case):
    client = client_for("giamsat")
    for number, form in enumerate(ALL_FORMS, start=1):
        assert client.get(_url(closed_case, form)).status_code == 200
        assert _prints(closed_case) == number
        event = AuditEvent.objects.filter(action="print").order_by("-id").first()
        assert event.actor == world.giamsat and f"Mẫu {form}" in event.note
        assert event.location_path == closed_case.scope_path


def test_forms_not_filled_yet_are_404_and_not_audited(client_for, world, reported):
    client = client_for("xa1")
    assert [n for n, _t in documents.available_forms(reported, full=True)] == ["01"]
    for form in ["02", "03", "04", "05", "06", "07", "1", "x"]:
        assert client.get(_url(reported, form)).status_code == 404, form
    case = step(world.xa1, reported, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT)
    case = step(world.xa1, case, S.DETAILED_ASSESSMENT)
    case = step(world.xa1, case, S.PLANNING)
    assert [n for n, _t in documents.available_forms(case, full=True)] == ["01", "02", "03", "04"]
    assert client.get(_url(case, "05")).status_code == 404  # no decision before approval
    assert client.get(_url(case, "06")).status_code == 404
    assert _prints(case) == 0
    assert client.get(_url(case, "04")).status_code == 200
    assert _prints(case) == 1


@pytest.mark.parametrize("persona", ["xa2", "ctv1", "ctv1b", "tongdai_q", "canbo", "xa3"])
def test_outsiders_get_404_on_every_form(client_for, persona, closed_case):
    client = client_for(persona)
    for form in ALL_FORMS:
        assert client.get(_url(closed_case, form)).status_code == 404, (persona, form)
    assert _prints(closed_case) == 0


def test_operator_who_received_the_report_prints_form_01_only(client_for, world):
    case = open_case(world.tongdai, world.V1a, reporter_consent=True, reporter_name="Chị Lan")
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT)
    client = client_for("tongdai")
    text = _download(client, case, "01")
    assert "Chị Lan" in text
    assert "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111" in text
    assert client.get(_url(case, "02")).status_code == 404
    assert _prints(case) == 1
    assert documents.available_forms(case, full=False) == [("01", documents.FORMS["01"])]
    # The commune officer sees both forms of the same case.
    assert client_for("xa1").get(_url(case, "02")).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, closed_case):
    response = client.get(_url(closed_case, "01"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(_url(closed_case, "01")).status_code == 302


def test_documents_partial_lists_the_available_forms(world, closed_case):
    from django.template.loader import render_to_string

    html = render_to_string(
        "cases/_documents.html",
        {"case": closed_case, "documents": documents.available_forms(closed_case, full=True)},
    )
    for form in ALL_FORMS:
        assert _url(closed_case, form) in html
    html = render_to_string(
        "cases/_documents.html",
        {"case": closed_case, "documents": documents.available_forms(closed_case, full=False)},
    )
    assert _url(closed_case, "01") in html and _url(closed_case, "02") not in html


@pytest.mark.parametrize(
    ("raw", "printed"),
    [("15/QĐ-UBND", "15/QĐ-UBND"), ("7", "7/QĐ-UBND"), ("", "……/QĐ-UBND")],
)
def test_decision_number_is_printed_as_recorded_or_left_to_fill(raw, printed):
    assert documents.decision_number(raw) == printed


def test_dates_are_written_the_nghi_dinh_30_way():
    assert documents.long_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert documents.long_date(dt.date(2026, 12, 24)) == "ngày 24 tháng 12 năm 2026"


def test_form_01_prints_an_estimated_age_as_an_age_not_as_1_january(world):
    """The register keeps a child whose year of birth alone is known as 1 January of that year
    (added from a report that gave an age): the report still prints the age."""
    from baovetreem.cases import services
    from baovetreem.testing.children import make_child

    case = open_case(world.xa1, world.V1a, child_name="Bé Na", child_estimated_age=7)
    assert "khoảng 7 tuổi" in _text(documents.build_document(case, "01"))
    child = make_child(world.V1a, "Lò Thị Na", dt.date(2019, 1, 1), birth_date_precision="year")
    case = services.link_child(world.xa1, case, child, case.version)
    case.report.refresh_from_db()
    text = _text(documents.build_document(case, "01"))
    assert "Ngày, tháng, năm sinh hoặc ước lượng tuổi: khoảng 7 tuổi" in text
    assert "01/01/2019" not in text
    case = step(world.xa1, case, S.VERIFIED)
    for to_state in (S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT, S.PLANNING):
        case = step(world.xa1, case, to_state)
    case = step(world.giamsat, case, S.APPROVED)
    decision = _text(documents.build_document(case, "05"))
    assert "đối với trẻ em Bé Na, khoảng 7 tuổi, nơi ở" in decision
    assert "01/01/2019" not in decision


def test_form_01_prints_the_age_of_a_register_child_known_by_year_only(world):
    from baovetreem.testing.children import make_child

    child = make_child(world.V1a, "Lò Văn Tú", dt.date(2018, 1, 1), birth_date_precision="year")
    case = open_case(world.xa1, world.V1a, child=child, child_name="", child_estimated_age=None)
    text = _text(documents.build_document(case, "01"))
    assert "Ngày, tháng, năm sinh hoặc ước lượng tuổi: khoảng 8 tuổi" in text  # 2026 - 2018
    assert "01/01/2018" not in text
