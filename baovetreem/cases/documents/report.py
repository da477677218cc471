"""Mẫu số 01 "Báo cáo tiếp nhận thông tin trẻ em …" of Nghị định 56/2017/NĐ-CP, whose official
text was read in full (sections A.1 source, A.2 child, A.3 reporter — the reporter's contact is
printed only with their consent). Lines added to it from what the intake records: the precise
channel ("Cụ thể"), where the child is, what happened, the suspected person, and the case number.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from baovetreem.cases.documents.common import (
    Context,
    child_birth,
    child_name,
    child_sex,
    unit_short_name,
)
from baovetreem.cases.documents.dates import as_date, local
from baovetreem.cases.documents.writer import SIGN_SPACE, Writer
from baovetreem.cases.models import Report
from baovetreem.locations.models import Level, Location

CLASSIFICATION = {
    "abused": "bị xâm hại",
    "at_risk_violence": "có nguy cơ bị bạo lực",
    "exploitation": "bị bóc lột",
    "abandonment": "bị bỏ rơi",
    "special_circumstance": "có hoàn cảnh đặc biệt",
}
CHANNEL = {
    "hotline_111": "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111",
    "other_hotline": "đường dây nóng khác",
    "in_person": "gặp trực tiếp",
    "phone": "điện thoại",
    "school": "nhà trường báo",
    "police": "cơ quan công an báo",
    "health": "cơ sở y tế báo",
    "press": "báo chí",
    "collaborator": "cộng tác viên thôn, tổ dân phố báo",
    "self_report": "trẻ em tự báo",
    "other": "nguồn khác",
}
# Mẫu 01, A.1 offers three boxes: by phone, in person, reported by someone else.
CHANNEL_BOX = {
    "hotline_111": 0,
    "other_hotline": 0,
    "phone": 0,
    "in_person": 1,
    "self_report": 1,
}
RELATIONSHIP = {
    "father": "cha",
    "mother": "mẹ",
    "carer": "người chăm sóc",
    "relative": "người thân",
    "teacher": "giáo viên",
    "neighbour": "hàng xóm",
    "stranger": "người lạ",
    "unknown": "không rõ",
    "other": "khác",
}


def receiving_body(report: Report) -> tuple[list[str], Location | None]:
    """The receiving agency of Mẫu 01: the commune People's Committee when the receiver works
    for a commune; otherwise (a provincial hotline…) left to fill in by hand."""
    units = Location.objects.filter(
        pk__in=report.received_by.role_assignments.values("location")
    ).order_by("-depth")
    for unit in units:
        commune = unit.commune() if unit.level in {Level.COMMUNE, Level.VILLAGE} else None
        if commune is not None:
            return ["ỦY BAN NHÂN DÂN", commune.name.upper()], commune
    return ["……………………………", "……………………………"], None


def build(ctx: Context) -> bytes:
    """Mẫu 01, official text: report received about a child."""
    report = ctx.report
    w = Writer()
    w.form_label("01")
    body, unit = receiving_body(report)
    abbreviation = "UBND" if unit else "……"
    w.header(
        body,
        number=f"……/BC-{abbreviation}",
        place=unit_short_name(unit),
        day=as_date(report.received_at),
    )
    category = CLASSIFICATION.get(report.classification, "……………")
    w.title("BÁO CÁO", f"Tiếp nhận thông tin trẻ em {category}")
    w.para(f"Mã số trường hợp: {ctx.case.code}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    w.heading("A.1. Nguồn nhận thông tin")
    w.checkboxes(
        "Thông qua",
        ["Điện thoại", "Gặp trực tiếp", "Người khác báo"],
        CHANNEL_BOX.get(report.channel, 2),
    )
    w.field("Cụ thể", CHANNEL.get(report.channel, ""))
    received = local(report.received_at)
    w.field(
        "Thời gian",
        f"{received:%H} giờ {received:%M}, ngày {received:%d} tháng {received:%m} "
        f"năm {received:%Y}",
    )

    w.heading("A.2. Thông tin về trẻ em")
    w.field("Họ và tên trẻ em", child_name(report))
    w.field("Ngày, tháng, năm sinh hoặc ước lượng tuổi", child_birth(report))
    sex = child_sex(report)
    w.checkboxes("Giới tính", ["Nam", "Nữ", "Không biết"], ["male", "female", "unknown"].index(sex))
    w.field("Nơi trẻ em đang ở", ctx.case.location.full_name())
    w.field("Địa điểm xảy ra vụ việc", report.incident_place)
    w.field("Nội dung sự việc", report.what_happened)
    w.field("Tình trạng hiện tại của trẻ em", report.current_condition)
    w.field("Phỏng đoán hậu quả nếu không được hỗ trợ, can thiệp", report.likely_consequence)
    for who, name, age, job in (
        ("cha", report.father_name, report.father_age, report.father_occupation),
        ("mẹ", report.mother_name, report.mother_age, report.mother_occupation),
    ):
        w.fields_inline(
            [(f"Họ và tên {who}", name), ("Tuổi", age or ""), ("Nghề nghiệp", job)],
        )
    w.field("Hoàn cảnh gia đình", report.family_circumstances)
    w.field("Hiện người chăm sóc trẻ em (nếu biết)", report.current_carer)
    suspect = report.suspected_person
    if suspect and report.suspected_relationship != "unknown":
        suspect = f"{suspect} ({RELATIONSHIP.get(report.suspected_relationship, '')})"
    w.field("Người bị nghi ngờ gây tổn hại cho trẻ em", suspect)
    w.field(
        "Những hành động hỗ trợ, can thiệp đã thực hiện trước khi nhận thông tin",
        report.actions_taken,
    )

    w.heading("A.3. Người cung cấp thông tin (nếu đồng ý cung cấp)")
    if report.reporter_consent:
        w.field("Họ tên", report.reporter_name)
        w.field("Số điện thoại", report.reporter_phone)
        w.field("Địa chỉ", report.reporter_address)
    else:
        w.para("Người cung cấp thông tin không đồng ý cung cấp thông tin cá nhân.", italic=True)
    w.field("Ghi thêm", report.notes)

    receiver = report.received_by
    w.signatures(
        [],
        [
            ("CÁN BỘ TIẾP NHẬN THÔNG TIN", {"bold": True}),
            ("(Ký, ghi rõ họ tên)", {"italic": True}),
            *SIGN_SPACE,
            (receiver.full_name or receiver.username, {"bold": True}),
        ],
    )
    return w.save()
