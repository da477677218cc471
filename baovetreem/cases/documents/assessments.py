"""Mẫu số 02 (initial risk assessment) and Mẫu số 03 (information gathering and specific risk
assessment) of Nghị định 56/2017/NĐ-CP.

The annex text of these two forms was not found. What they must cover was read in the decree's
articles: Art. 26.2 (Mẫu 02 assesses the initial risk and the harm to the child, to decide whether
emergency intervention applies; Art. 26.3 and 31: within 12 hours), Art. 27.1 (Mẫu 03 gathers the
eight points a–h listed there) and Art. 27.2 (the chair's meeting that settles the measures).
Their opening lines follow the annex's Mẫu 06 (child, officer, date), and the three risk factors
of Mẫu 02 take the wording of the same factors on Mẫu 06; both are inferences.
"""

from __future__ import annotations

from baovetreem.cases.documents.common import (
    SEX,
    Context,
    child_birth,
    child_name,
    child_sex,
    commune_header,
    level_boxes,
    officer_block,
    officer_signature,
)
from baovetreem.cases.documents.dates import local, short_date
from baovetreem.cases.documents.writer import Writer
from baovetreem.cases.models import CaseState

# Art. 27.1 a–h: what the specific assessment gathers (the step's optional fields of the same
# keys; the needs are required), numbered on the form in this order.
SPECIFIC_POINTS = (
    ("physical", "Tình trạng thể chất, tâm lý, tình cảm của trẻ em"),
    (
        "family",
        "Hoàn cảnh gia đình, mối quan hệ của trẻ em và năng lực bảo vệ trẻ em của cha, mẹ, "
        "các thành viên trong gia đình",
    ),
    ("risk_factors", "Các yếu tố làm trẻ em có thể bị xâm hại hoặc tiếp tục bị xâm hại"),
    ("learning", "Điều kiện, khả năng học tập và khả năng tự bảo vệ của trẻ em"),
    ("community", "Mức độ an toàn và khả năng hỗ trợ của cộng đồng dân cư nơi trẻ em sinh sống"),
    ("needs", "Nhu cầu hỗ trợ, can thiệp của trẻ em"),
    ("child_views", "Ý kiến, nguyện vọng của trẻ em"),
    ("parent_views", "Ý kiến, nguyện vọng của cha, mẹ, người chăm sóc trẻ em"),
)


def _filled(value) -> bool:
    return value not in (None, "") and bool(str(value).strip())


def _opening(w: Writer, ctx: Context, step) -> None:
    """Child, officer and date first, as the annex's assessment forms open; then the rest."""
    report = ctx.report
    w.field("Họ và tên trẻ em", child_name(report))
    officer_block(w, step)
    w.fields_inline(
        [
            ("Ngày, tháng, năm sinh hoặc tuổi", child_birth(report)),
            ("Giới tính", SEX.get(child_sex(report), "")),
        ]
    )
    w.field("Nơi ở", ctx.case.location.full_name())
    w.field("Mã số trường hợp", ctx.case.code)


def build_initial(ctx: Context) -> bytes:
    """Mẫu 02: initial risk assessment, and the emergency intervention when one was recorded."""
    step = ctx.required(CaseState.INITIAL_ASSESSMENT)
    data = step.data
    verification = ctx.last(CaseState.VERIFIED)
    w = Writer()
    w.form_label("02")
    commune_header(w, ctx, number=None, day=step.at)
    w.title("ĐÁNH GIÁ NGUY CƠ BAN ĐẦU")
    w.heading("I. THÔNG TIN CHUNG")
    _opening(w, ctx, step)
    w.field("Ngày tiếp nhận thông tin", short_date(ctx.report.received_at))
    w.heading("II. KẾT QUẢ XÁC MINH THÔNG TIN")
    w.field("Nội dung xác minh", verification.data.get("findings") if verification else "")
    if verification is not None:
        safe = verification.data.get("child_safe")
        w.checkboxes("Trẻ em hiện an toàn", ["Có", "Không"], 0 if safe else 1)
    w.heading("III. ĐÁNH GIÁ NGUY CƠ, MỨC ĐỘ TỔN HẠI CỦA TRẺ EM")
    w.field("1. Mức độ tổn hại của trẻ em", data.get("harm"))
    w.field("2. Khả năng tiếp cận trẻ em của đối tượng xâm hại", data.get("perpetrator_access"))
    w.field(
        "3. Môi trường chăm sóc trẻ em đối với việc bảo đảm an toàn cho trẻ em",
        data.get("care_environment"),
    )
    level_boxes(w, "4. Mức độ nguy cơ", data.get("risk_level"))
    w.heading("IV. KẾT LUẬN")
    w.checkboxes(
        "",
        [
            "Khẩn cấp: áp dụng biện pháp can thiệp khẩn cấp trong vòng 12 giờ từ khi nhận "
            "thông tin",
            "Không khẩn cấp",
        ],
        {"emergency": 0, "non_emergency": 1}.get(data.get("conclusion")),
    )
    emergency = ctx.last(CaseState.EMERGENCY)
    if emergency is not None:
        _emergency(w, emergency)
    if step.note:
        w.field("Ghi chú", step.note)
    officer_signature(w, step, "NGƯỜI ĐÁNH GIÁ")
    return w.save()


def _emergency(w: Writer, emergency) -> None:
    e = emergency.data
    w.heading("V. HỖ TRỢ, CAN THIỆP KHẨN CẤP")
    w.field("Thời gian thực hiện", local(emergency.at).strftime("%H giờ %M, %d/%m/%Y"))
    w.field("Biện pháp đã thực hiện", e.get("measures"))
    separated = bool(e.get("temporary_separation"))
    w.checkboxes(
        "Tạm thời cách ly trẻ em khỏi cha, mẹ, người chăm sóc trẻ em",
        ["Có", "Không"],
        0 if separated else 1,
    )
    if separated:
        w.field("Thời hạn cách ly (ngày)", e.get("separation_days"))
        w.field("Nơi, người nhận chăm sóc trẻ em", e.get("placed_with"))
        # NĐ 56 Art. 32.2: the chair's separation decision (Mẫu số 07); not recorded by the step.
        w.field("Quyết định tạm thời cách ly (Mẫu số 07) số, ngày", "")


def build_specific(ctx: Context) -> bytes:
    """Mẫu 03: information gathered, specific risk assessment and the needs meeting."""
    step = ctx.required(CaseState.DETAILED_ASSESSMENT)
    data = step.data
    w = Writer()
    w.form_label("03")
    commune_header(w, ctx, number=None, day=step.at)
    w.title("THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ CỤ THỂ")
    w.heading("I. THÔNG TIN CHUNG")
    _opening(w, ctx, step)
    w.heading("II. KẾT QUẢ THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ CỤ THỂ")
    w.field("Kết quả chung", data.get("findings"))
    # Only the points the assessment recorded are printed, numbered in the order of Art. 27.1:
    # a numbered point left empty reads as a point forgotten (field test, issue 10).
    points = [(label, data.get(key)) for key, label in SPECIFIC_POINTS if _filled(data.get(key))]
    number = 0
    for number, (label, value) in enumerate(points, start=1):
        w.field(f"{number}. {label}", value)
    number += 1
    level_boxes(w, f"{number}. Mức độ nguy cơ", data.get("risk_level"))
    group = _group_name(data)
    if group:
        w.field(f"{number + 1}. Nhóm trẻ em có hoàn cảnh đặc biệt", group)
    meeting = [
        ("Ngày họp", short_date(data.get("meeting_on"))),
        ("Thành phần tham dự", data.get("meeting_attendees")),
        ("Các biện pháp bảo vệ trẻ em được thống nhất", data.get("agreed_measures")),
    ]
    if any(_filled(value) for _label, value in meeting):
        w.heading("III. HỌP XÁC ĐỊNH NHU CẦU HỖ TRỢ, CAN THIỆP")
        for label, value in meeting:
            if _filled(value):
                w.field(label, value)
    if step.note:
        w.field("Ghi chú", step.note)
    officer_signature(w, step, "NGƯỜI ĐÁNH GIÁ")
    return w.save()


def _group_name(data: dict) -> str:
    """The special-circumstance group the assessment confirmed (Luật Trẻ em Đ.10), if any."""
    from baovetreem.registry.models import Group

    pk = data.get("confirmed_group")
    if not pk:
        return ""
    group = Group.objects.filter(pk=pk).select_related("parent").first()
    return group.full_label if group else ""
