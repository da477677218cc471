"""Mẫu số 06 "Rà soát, đánh giá tình trạng của trẻ em sau khi thực hiện kế hoạch hỗ trợ, can
thiệp" of Nghị định 56/2017/NĐ-CP.

Read from the annex (up to the heading of part 1b): no agency header, the title, three opening
lines (child, officer, date), then part 1 "Đánh giá nguy cơ tại giai đoạn kết thúc" whose part a)
is a two-column table — each factor, then its level with the meaning of Cao / Trung bình / Thấp —
closed by a "Tổng số" row; part b) opens a table of the same shape. The items of part b) and the
rest of the form were not read: b) is left out (a numbered part is printed only with content),
and the conclusion follows Art. 30.1 b–c of the decree (close the plan, or plan again).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from baovetreem.cases.documents.common import (
    LEVEL,
    LEVEL_ORDER,
    Context,
    child_name,
    officer_block,
    officer_signature,
)
from baovetreem.cases.documents.writer import CHECKED, UNCHECKED, Writer
from baovetreem.cases.models import CaseState

LEVEL_COLUMN = "Mức độ (Cao, Trung bình, Thấp)"
WIDTHS = [Mm(62), Mm(103)]
# Part 1a as read: each factor with what each level means, in the annex's wording.
HARM_FACTORS = (
    (
        "harm_level",
        "1. Mức độ tổn hại của trẻ em có còn nghiêm trọng không",
        {
            "high": "tổn hại của trẻ em vẫn còn rất nghiêm trọng, ảnh hưởng đến sự phát triển "
            "của trẻ em",
            "medium": "tổn hại của trẻ em còn ít nghiêm trọng",
            "low": "tổn hại của trẻ em không còn nghiêm trọng",
        },
    ),
    (
        "perpetrator_access",
        "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại",
        {
            "high": "đối tượng xâm hại vẫn có khả năng tiếp cận trẻ em và thường xuyên",
            "medium": "đối tượng xâm hại có cơ hội tiếp cận trẻ em, nhưng không thường xuyên",
            "low": "đối tượng xâm hại ít hoặc không có khả năng tiếp cận trẻ em",
        },
    ),
    (
        "care_obstacles",
        "3. Những trở ngại trong môi trường chăm sóc trẻ em đối với việc bảo đảm an toàn cho "
        "trẻ em",
        {
            "high": "môi trường chăm sóc vẫn có nhiều trở ngại đáng kể để bảo đảm an toàn cho "
            "trẻ em",
            "medium": "có một vài trở ngại, nhưng trẻ em vẫn có được sự bảo vệ nhất định",
            "low": "có ít hoặc không có trở ngại nào cho việc bảo vệ trẻ em",
        },
    ),
)


def _totals_text(counts: dict[str, str]) -> str:
    return "   ".join(f"{LEVEL[level]}: {counts[level]}" for level in LEVEL_ORDER)


def _rating_table(w: Writer, header: str, rows: list[tuple[str, list[str]]], totals: str):
    """The annex's two-column table: the factor, then its level as one line per option."""
    table = w.bordered([header, LEVEL_COLUMN], [[label, ""] for label, _ in rows], WIDTHS)
    for row, (_label, lines) in zip(table.rows[1:], rows, strict=True):
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
        cell = row.cells[1]
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.add_run(line)
    total_row = table.add_row()
    for cell, width in zip(total_row.cells, WIDTHS, strict=True):
        cell.width = width
    total_row.cells[0].paragraphs[0].add_run("Tổng số").bold = True
    total_row.cells[1].paragraphs[0].add_run(totals)
    return table


def build(ctx: Context) -> bytes:
    """Mẫu 06: the review after the plan, and whether the plan closes or starts again."""
    step = ctx.required(CaseState.REVIEW)
    data = step.data
    closing = ctx.after(step)
    w = Writer()
    w.form_label("06")
    w.para(after=0)
    w.title(
        "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM",
        "SAU KHI THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    )
    w.field("Họ và tên trẻ em", child_name(ctx.report))
    officer_block(w, step)
    w.field("Mã số trường hợp", ctx.case.code)

    w.heading("1. Đánh giá nguy cơ tại giai đoạn kết thúc")
    w.heading("a) Đánh giá mức độ tổn hại của trẻ em")
    rows = []
    for key, label, meanings in HARM_FACTORS:
        chosen = data.get(key)
        rows.append(
            (
                label,
                [
                    f"{CHECKED if chosen == level else UNCHECKED} {LEVEL[level]} "
                    f"({meanings[level]})"
                    for level in LEVEL_ORDER
                ],
            )
        )
    counts = {
        level: str(sum(1 for key, _l, _m in HARM_FACTORS if data.get(key) == level))
        for level in LEVEL_ORDER
    }
    _rating_table(w, "Đánh giá mức độ tổn hại của trẻ em", rows, _totals_text(counts))
    w.para(after=0)

    # Part b) (the child's ability to protect themself and recover) is not printed: its items
    # were not read and the review records none, and an empty numbered part reads as a part
    # forgotten (field test, issue 10).

    w.heading("2. Nhận xét, kết luận")
    w.field("Tình trạng của trẻ em sau khi thực hiện kế hoạch", data.get("summary"))
    chosen = None
    if closing is not None:
        chosen = 0 if closing.to_state == CaseState.CLOSED else 1
    w.checkboxes(
        "",
        [
            "Đề nghị kết thúc kế hoạch hỗ trợ, can thiệp",
            "Đề nghị tiếp tục xây dựng, phê duyệt kế hoạch hỗ trợ, can thiệp",
        ],
        chosen,
    )
    if closing is not None and closing.to_state == CaseState.CLOSED:
        w.field("Lý do kết thúc", closing.data.get("reason"))
    if step.note:
        w.field("Ghi chú", step.note)
    officer_signature(w, step, "NGƯỜI THỰC HIỆN")
    return w.save()
