"""Mẫu số 04 (the support plan the commune officer submits) and Mẫu số 05 (the chair's decision
approving it) of Nghị định 56/2017/NĐ-CP.

Read in the decree's articles (the annex text of both forms was not found): Art. 28.1 — the officer
drafts the plan within 5 working days on Mẫu 04 for the chair to approve; Art. 28.2.c — the file
holds the draft approval decision and the plan on Mẫu 05; Art. 28.3 — a plan lists the services and
tasks with their start and expected end, who carries each out, the service providers to mobilise
and a cost estimate for each; Art. 28.4–28.5 — the chair decides within 2 working days and the
decision and plan go to those who carry them out and to the parents or carer; Art. 29.1 — the
commune child-protection officer leads the implementation. The decision uses the layout of
administrative documents of Nghị định 30/2020/NĐ-CP (header, number, place and date, title,
"Căn cứ", articles, "Nơi nhận", signature).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from baovetreem.cases.documents.common import (
    Context,
    child_birth,
    child_block,
    child_name,
    commune_header,
    decision_number,
    officer_name,
    officer_signature,
)
from baovetreem.cases.documents.dates import as_date, short_date
from baovetreem.cases.documents.writer import SIGN_SPACE, Writer, body, rule
from baovetreem.cases.models import CaseState

BLANK = "……………"
OFFICER = "người làm công tác bảo vệ trẻ em cấp xã"
SERVICE_HEADERS = [
    "STT",
    "Dịch vụ, công việc cần thực hiện",
    "Cơ quan, tổ chức, cá nhân thực hiện",
    "Thời điểm bắt đầu",
    "Dự kiến kết thúc",
    "Dự toán kinh phí (đồng)",
]
# The date columns fit "dd/mm/yyyy" on one line at 13 pt; the total stays 165 mm.
SERVICE_WIDTHS = [Mm(13), Mm(38), Mm(34), Mm(27), Mm(27), Mm(26)]
CELL_BLANK = "………"  # short enough to stay on one line of a narrow column


def vnd(amount: int | None) -> str:
    """An amount in đồng as printed: 1500000 → "1.500.000"."""
    return f"{amount:,}".replace(",", ".") if amount is not None else ""


def service_dates(service: dict) -> tuple[str, str]:
    """Start and expected end; plans recorded before the start was asked hold a "due_on"."""
    return (
        short_date(service.get("starts_on")),
        short_date(service.get("ends_on") or service.get("due_on")),
    )


def total_cost(services: list[dict]) -> int | None:
    """The sum of the costs estimated; None when no service has one."""
    costs = [s["cost_vnd"] for s in services if s.get("cost_vnd") is not None]
    return sum(costs) if costs else None


def service_rows(services: list[dict]) -> list[list[str]]:
    """One row per service; what was not recorded is left as a dotted line to fill by hand."""
    rows = []
    for i, s in enumerate(services, start=1):
        starts, ends = service_dates(s)
        rows.append(
            [
                str(i),
                s.get("service") or "",
                s.get("provider") or CELL_BLANK,
                starts or CELL_BLANK,
                ends or CELL_BLANK,
                vnd(s.get("cost_vnd")) or CELL_BLANK,
            ]
        )
    return rows


def build_plan(ctx: Context) -> bytes:
    """Mẫu 04: the support plan with its services."""
    step = ctx.required(CaseState.PLANNING)
    data = step.data
    w = Writer()
    w.form_label("04")
    commune_header(w, ctx, number=None, day=step.at)
    w.title("KẾ HOẠCH HỖ TRỢ, CAN THIỆP", "đối với trẻ em")
    w.heading("I. THÔNG TIN CHUNG")
    child_block(w, ctx)
    w.field("Người lập kế hoạch", officer_name(step))
    w.field("Ngày lập kế hoạch", short_date(step.at))
    w.heading("II. MỤC TIÊU")
    w.field("Mục tiêu của kế hoạch", data.get("goals"))
    w.heading("III. CÁC DỊCH VỤ, CÔNG VIỆC CẦN THỰC HIỆN")
    services = data.get("services") or []
    w.bordered(
        SERVICE_HEADERS,
        service_rows(services) or [["1", "", "", "", "", ""]],
        SERVICE_WIDTHS,
    )
    w.para(after=0)
    total = total_cost(services)
    w.field("Tổng dự toán kinh phí", f"{vnd(total)} đồng" if total is not None else "")
    w.heading("IV. THEO DÕI, RÀ SOÁT")
    w.field("Ngày rà soát, đánh giá dự kiến", short_date(data.get("review_on")))
    if step.note:
        w.field("Ghi chú", step.note)
    officer_signature(
        w,
        step,
        "NGƯỜI LẬP KẾ HOẠCH",
        left=[
            ("CHA, MẸ HOẶC NGƯỜI CHĂM SÓC TRẺ EM", {"bold": True}),
            ("(Ký, ghi rõ họ tên)", {"italic": True}),
        ],
    )
    return w.save()


def _service_line(letter: str, service: dict) -> str:
    starts, ends = service_dates(service)
    parts = [service.get("service") or ""]
    parts.append(f"cơ quan, tổ chức, cá nhân thực hiện: {service.get('provider') or BLANK}")
    parts.append(f"thời điểm bắt đầu: {starts or BLANK}")
    parts.append(f"dự kiến kết thúc: {ends or BLANK}")
    parts.append(f"dự toán kinh phí: {vnd(service.get('cost_vnd')) or BLANK} đồng")
    return f"{letter}) " + "; ".join(parts) + ";"


def build_decision(ctx: Context) -> bytes:
    """Mẫu 05: the commune chair's decision approving the support plan."""
    step = ctx.required(CaseState.APPROVED)
    data = step.data
    plan = ctx.last(CaseState.PLANNING, before=step)
    plan_data = plan.data if plan else {}
    report = ctx.report
    commune = ctx.commune()
    commune_name = commune.name if commune else "xã ……………"
    decided_on = as_date(data.get("decided_on")) or as_date(step.at)
    child = child_name(report) or BLANK

    w = Writer()
    w.form_label("05")
    commune_header(w, ctx, number=decision_number(data.get("decision_number")), day=decided_on)
    w.title("QUYẾT ĐỊNH")
    w.centered(
        f"Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {child}",
        bold=True,
        size=14,
        after=0,
    )
    rule(w.doc, Mm(50))
    w.para(after=0)
    w.centered(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune_name.upper()}", bold=True, size=14, after=6)
    for basis in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
        "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định chi "
        "tiết một số điều của Luật Trẻ em;",
        f"Xét đề nghị của {OFFICER} về kế hoạch hỗ trợ, can thiệp đối với trẻ em "
        f"(hồ sơ trường hợp số {ctx.case.code}).",
    ):
        body(w, basis, italic=True)
    w.centered("QUYẾT ĐỊNH:", bold=True, size=14, after=6)

    birth = child_birth(report)
    if birth[:1].isdigit():
        birth_text = f", sinh ngày {birth}"
    elif birth.startswith("tháng"):
        birth_text = f", sinh {birth}"
    else:
        birth_text = f", {birth}"
    body(
        w,
        f"Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {child}"
        f"{birth_text if birth else ''}, nơi ở: {ctx.case.location.full_name()}, "
        "với các nội dung sau:",
        lead="Điều 1. ",
    )
    body(w, f"1. Mục tiêu: {plan_data.get('goals') or BLANK}")
    body(w, "2. Các dịch vụ, công việc cần thực hiện:")
    services = plan_data.get("services") or []
    for letter, service in zip("abcdeghiklmnopqrstuvxy", services, strict=False):
        body(w, _service_line(letter, service))
    if not services:
        w.dotted_lines(2)
    body(w, f"3. Tổng dự toán kinh phí: {vnd(total_cost(services)) or BLANK} đồng.")
    body(
        w,
        f"4. Thời gian rà soát, đánh giá: {short_date(plan_data.get('review_on')) or BLANK}.",
    )
    if data.get("note"):
        body(w, f"5. Ghi chú: {data['note']}")
    body(
        w,
        f"Giao {OFFICER} chủ trì, phối hợp với các cơ quan, tổ chức, cá nhân có liên quan tổ "
        "chức thực hiện kế hoạch; theo dõi, rà soát, đánh giá và báo cáo kết quả với Chủ tịch "
        f"Ủy ban nhân dân {commune_name[:1].lower()}{commune_name[1:]}.",
        lead="Điều 2. ",
    )
    body(
        w,
        "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân "
        f"xã, {OFFICER}, các cơ quan, tổ chức, cá nhân có liên quan và cha, mẹ hoặc người chăm "
        "sóc trẻ em chịu trách nhiệm thi hành Quyết định này./.",
        lead="Điều 3. ",
    )
    left = {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}
    w.signatures(
        [
            (
                "Nơi nhận:",
                {"bold": True, "italic": True, "size": 12, "align": WD_ALIGN_PARAGRAPH.LEFT},
            ),
            ("- Như Điều 3;", left),
            ("- Cơ quan, tổ chức, cá nhân thực hiện kế hoạch;", left),
            ("- Cha, mẹ hoặc người chăm sóc trẻ em;", left),
            ("- Lưu: VT, hồ sơ trường hợp.", left),
        ],
        [
            ("CHỦ TỊCH", {"bold": True}),
            *SIGN_SPACE,
            (step.by.full_name or "", {"bold": True}),
        ],
    )
    return w.save()
