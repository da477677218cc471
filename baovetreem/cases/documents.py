"""Word documents of a case (biểu mẫu Nghị định 56/2017/NĐ-CP), filled from its report and steps.

Sources of each form's layout (see shared/research/vn-child-data.md §4):

- **Mẫu 01** "Báo cáo tiếp nhận thông tin trẻ em …" follows the official text, read in full
  (sections A.1 source, A.2 child, A.3 reporter — whose contact is printed only with consent).
  Lines added to it from what the intake records: the precise channel ("Cụ thể"), where the child
  is, what happened, the suspected person, and the case number.
- **Mẫu 06** "Rà soát, đánh giá tình trạng của trẻ em sau khi thực hiện kế hoạch hỗ trợ, can
  thiệp": its header and part 1a (three factors rated Cao / Trung bình / Thấp, with totals) follow
  the official text as far as it was read; part 1b and the conclusion are structured from the
  known purpose only.
- **Mẫu 02** (initial risk assessment), **Mẫu 03** (specific/detailed assessment), **Mẫu 04**
  (support plan) and **Mẫu 05** (the commune chair's decision approving the plan) were NOT read:
  they are structured from their known purposes and the data the workflow records. Mẫu 05 uses the
  layout of administrative documents of Nghị định 30/2020/NĐ-CP (header, number, place and date,
  title, "Căn cứ", articles, "Nơi nhận", signature). Check them against the Phụ lục of NĐ 56:
  the research note only infers that the annex's Mẫu 05 might be a monitoring form, while
  DOMAIN.md and the issue number the approval decision 05, as done here.

The Vietnamese wording is the content of official forms, not interface text, so it is written here
directly. A field the case has not recorded is printed as a dotted line to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from baovetreem.cases.models import Case, CaseState, CaseTransition, Report
from baovetreem.core.calendar import VIETNAM
from baovetreem.locations.models import Level, Location

FONT = "Times New Roman"
BODY_PT = 13
TEXT_WIDTH = Mm(165)  # A4 210 mm minus the margins below (NĐ 30/2020, Phụ lục I)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
LEFT_COLUMN = Mm(62)
CELL_PADDING = Mm(4)  # Word's default left + right cell margins (0.08" each)
CHECKED, UNCHECKED = "☒", "☐"
SIGN_SPACE = [("", {})] * 3  # room for the signature (and the seal)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# Form number → title, in workflow order.
FORMS: dict[str, str] = {
    "01": "Báo cáo tiếp nhận thông tin trẻ em",
    "02": "Đánh giá nguy cơ ban đầu",
    "03": "Đánh giá nguy cơ cụ thể",
    "04": "Kế hoạch hỗ trợ, can thiệp",
    "05": "Quyết định phê duyệt kế hoạch hỗ trợ, can thiệp",
    "06": "Rà soát, đánh giá sau hỗ trợ, can thiệp",
}
# The step whose recorded data fills each form: the form exists once that step was taken.
SOURCE_STEP: dict[str, str] = {
    "02": CaseState.INITIAL_ASSESSMENT,
    "03": CaseState.DETAILED_ASSESSMENT,
    "04": CaseState.PLANNING,
    "05": CaseState.APPROVED,
    "06": CaseState.REVIEW,
}
REPORT_ONLY_FORMS = {"01"}  # what the operator who received the report (not the file) may print

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
SEX = {"male": "Nam", "female": "Nữ", "unknown": "Không biết"}
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
LEVEL = {"high": "Cao", "medium": "Trung bình", "low": "Thấp"}
LEVEL_ORDER = ("high", "medium", "low")
CONCLUSION = {"emergency": "Khẩn cấp", "non_emergency": "Không khẩn cấp"}
UNIT_PREFIXES = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ")
# Mẫu 06, 1a, as read.
REVIEW_ITEMS = (
    ("harm_level", "a1. Mức độ tổn hại của trẻ em có còn nghiêm trọng không"),
    ("perpetrator_access", "a2. Khả năng tiếp cận trẻ em của đối tượng xâm hại"),
    (
        "care_obstacles",
        "a3. Những trở ngại trong môi trường chăm sóc đối với việc bảo đảm an toàn cho trẻ em",
    ),
)


class FormNotAvailable(Exception):
    """The form cannot be printed yet: the step that fills it has not been recorded."""


# --- what a case can print -----------------------------------------------------------------


def _steps(case: Case) -> list[CaseTransition]:
    return list(case.transitions.select_related("by").order_by("at", "id"))


def available_forms(case: Case, *, full: bool) -> list[tuple[str, str]]:
    """(number, title) of the forms ``case`` can print now; only Mẫu 01 without ``full`` access."""
    if not full:
        return [("01", FORMS["01"])]
    taken = set(case.transitions.values_list("to_state", flat=True))
    return [
        (number, title)
        for number, title in FORMS.items()
        if number not in SOURCE_STEP or SOURCE_STEP[number] in taken
    ]


def filename(case: Case, form: str) -> str:
    return f"{case.code}-mau-{form}.docx"


def build_document(case: Case, form: str) -> bytes:
    """The .docx bytes of form ``form`` ("01".."06") for ``case``; ``FormNotAvailable`` if the
    step that fills it has not been recorded."""
    if form not in FORMS:
        raise FormNotAvailable(form)
    steps = _steps(case) if form != "01" else []
    builder = _BUILDERS[form]
    return builder(_Context(case, steps))


@dataclass
class _Context:
    case: Case
    steps: list[CaseTransition]

    @property
    def report(self) -> Report:
        return self.case.report

    def last(self, state: str, before: CaseTransition | None = None) -> CaseTransition | None:
        found = None
        for step in self.steps:
            if before is not None and (step.at, step.pk) >= (before.at, before.pk):
                break
            if step.to_state == state:
                found = step
        return found

    def required(self, state: str) -> CaseTransition:
        step = self.last(state)
        if step is None:
            raise FormNotAvailable(state)
        return step

    def commune(self) -> Location | None:
        return self.case.location.commune()


# --- formatting helpers --------------------------------------------------------------------


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, VIETNAM)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return _local(value).date()
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    return None


def short_date(value) -> str:
    day = _as_date(value)
    return f"{day:%d/%m/%Y}" if day else ""


def long_date(day: dt.date) -> str:
    """ "ngày 08 tháng 5 năm 2026": NĐ 30/2020 pads days below 10 and the months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def unit_short_name(unit: Location | None) -> str:
    """The place name (địa danh) of a commune: "Xã An Bình" → "An Bình"."""
    if unit is None:
        return ""
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def decision_number(raw: str) -> str:
    """The "Số: …" of the decision: as recorded, or "15" → "15/QĐ-UBND", or blank to fill."""
    raw = (raw or "").strip()
    if not raw:
        return "……/QĐ-UBND"
    return raw if "/" in raw else f"{raw}/QĐ-UBND"


class _Writer:
    """A python-docx document set up per NĐ 30/2020: A4, margins, Times New Roman 13 pt."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = MARGINS["top"]
        section.bottom_margin = MARGINS["bottom"]
        section.left_margin = MARGINS["left"]
        section.right_margin = MARGINS["right"]
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(3)
        normal.paragraph_format.line_spacing = 1.0  # single, the minimum NĐ 30/2020 allows
        self.doc.core_properties.language = "vi-VN"

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    # paragraphs

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align=None,
        container=None,
        indent: bool = False,
        after: float | None = None,
    ):
        p = (container or self.doc).add_paragraph()
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        return p

    def centered(self, text: str, **kwargs):
        return self.para(text, align=WD_ALIGN_PARAGRAPH.CENTER, **kwargs)

    def heading(self, text: str):
        return self.para(text, bold=True, after=3)

    def field(self, label: str, value, *, indent: float = 0) -> None:
        """ "Label: value", or "Label: ……" with a dotted leader to the margin when not recorded."""
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.left_indent = Mm(indent)
        p.add_run(f"{label}: ")
        text = "" if value is None else str(value).strip()
        if text:
            lines = text.splitlines()
            run = p.add_run(lines[0])
            for line in lines[1:]:
                run.add_break()
                run.add_text(line)
        else:
            _dotted_to_margin(p)
            p.add_run("\t")

    def fields_inline(self, parts: Iterable[tuple[str, object]], *, indent: float = 0) -> None:
        """Several short fields on one line ("Tuổi: 40; Nghề nghiệp: làm ruộng")."""
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.left_indent = Mm(indent)
        for i, (label, value) in enumerate(parts):
            text = "" if value is None else str(value).strip()
            sep = "" if i == 0 else "   "
            p.add_run(f"{sep}{label}: {text or '……………'}")

    def dotted_lines(self, count: int = 2) -> None:
        for _ in range(count):
            p = self.doc.add_paragraph()
            _dotted_to_margin(p)
            p.add_run("\t")

    def checkboxes(self, label: str, options: list[str], chosen: int | None) -> None:
        p = self.doc.add_paragraph()
        if label:
            p.add_run(f"{label}: ")
        for i, option in enumerate(options):
            p.add_run(f"{CHECKED if i == chosen else UNCHECKED} {option}")
            if i < len(options) - 1:
                p.add_run("    ")

    # header and signatures

    def form_label(self, number: str) -> None:
        """ "Mẫu số 01" at the top right, as the forms of the decree's annex carry."""
        self.para(f"Mẫu số {number}", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)

    def header(
        self,
        body_lines: list[str],
        *,
        number: str | None,
        place: str,
        day: dt.date | None,
    ) -> None:
        """NĐ 30/2020 header: issuing body and number left; Quốc hiệu, tiêu ngữ, place and date
        right."""
        table = self._grid(2, 2, [LEFT_COLUMN, TEXT_WIDTH - LEFT_COLUMN])
        left, right = table.cell(0, 0), table.cell(0, 1)
        for i, line in enumerate(body_lines):
            self.centered(
                line,
                bold=i == len(body_lines) - 1,
                size=12.5,
                container=left,
                after=0,
            )
        _rule(left, Mm(20), LEFT_COLUMN - CELL_PADDING)
        self.centered(QUOC_HIEU, bold=True, size=12.5, container=right, after=0)
        self.centered(TIEU_NGU, bold=True, size=13.5, container=right, after=0)
        _rule(right, Mm(66), TEXT_WIDTH - LEFT_COLUMN - CELL_PADDING)
        _drop_first_empty(left)
        _drop_first_empty(right)
        left2, right2 = table.cell(1, 0), table.cell(1, 1)
        if number is not None:
            self.centered(f"Số: {number}", container=left2, after=0)
        place = place or "……………"
        date_text = long_date(day) if day else "ngày …… tháng …… năm ……"
        self.centered(f"{place}, {date_text}", italic=True, container=right2, after=0)
        _drop_first_empty(left2)
        _drop_first_empty(right2)
        self.para(after=0)

    def title(self, *lines: str) -> None:
        for i, line in enumerate(lines):
            self.centered(line, bold=True, size=14, after=0 if i < len(lines) - 1 else 6)

    def signatures(self, left: list[tuple[str, dict]], right: list[tuple[str, dict]]) -> None:
        """Two borderless columns of (text, run options); blank space for the signature."""
        self.para(after=0)
        table = self._grid(1, 2, [TEXT_WIDTH // 2, TEXT_WIDTH - TEXT_WIDTH // 2])
        for cell, lines in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
            for text, options in lines:
                options = dict(options)
                align = options.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
                p = self.para(text, container=cell, align=align, after=0, **options)
                p.paragraph_format.keep_with_next = True
            _drop_first_empty(cell)
        # The signature block stays whole on one page.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    def _grid(self, rows: int, cols: int, widths: list):
        table = self.doc.add_table(rows=rows, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # Word reads the cell widths, LibreOffice the grid's: set both.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        return table

    def bordered(self, headers: list[str], rows: list[list[str]], widths: list):
        table = self._grid(1 + len(rows), len(headers), widths)
        table.style = self.doc.styles["Table Grid"]
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row, values in zip(table.rows[1:], rows, strict=True):
            for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                cell.paragraphs[0].add_run(text)
                if i == 0 or len(text) <= 3:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        return table


def _dotted_to_margin(paragraph) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )


# The children of w:pPr that the schema places after w:pBdr.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _rule(container, length, width=TEXT_WIDTH):
    """A short centred line under a header block: an empty, 2 pt high paragraph whose bottom
    border is inset by its indents so that ``length`` of it shows."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(1), Pt(0)
    fmt.line_spacing = Pt(3)
    inset = max(0, (int(width) - int(length)) // 2)
    fmt.left_indent = fmt.right_indent = inset
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_PBDR)  # Word wants pPr children in order
    return paragraph


def _drop_first_empty(cell) -> None:
    """A new cell starts with an empty paragraph; remove it once content was added after it."""
    if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
        element = cell.paragraphs[0]._p
        element.getparent().remove(element)


# --- shared pieces -------------------------------------------------------------------------


def _commune_header(w: _Writer, ctx: _Context, *, number: str | None, day) -> None:
    commune = ctx.commune()
    name = commune.name.upper() if commune else "XÃ ……………"
    w.header(
        ["ỦY BAN NHÂN DÂN", name],
        number=number,
        place=unit_short_name(commune),
        day=_as_date(day),
    )


def _child_name(report: Report) -> str:
    if report.child_name:
        return report.child_name
    return report.child.full_name if report.child_id else ""


def _child_birth(report: Report) -> str:
    born = report.child_date_of_birth or (report.child.date_of_birth if report.child_id else None)
    if born:
        return short_date(born)
    if report.child_estimated_age is not None:
        return f"ước lượng {report.child_estimated_age} tuổi"
    return ""


def _child_sex(report: Report) -> str:
    sex = report.child_sex
    if sex == "unknown" and report.child_id:
        sex = report.child.sex
    return sex


def _child_block(w: _Writer, ctx: _Context) -> None:
    """Who the form is about: name, birth, sex, where the child lives, case number."""
    report = ctx.report
    w.field("Họ và tên trẻ em", _child_name(report))
    w.fields_inline(
        [
            ("Ngày, tháng, năm sinh hoặc tuổi", _child_birth(report)),
            ("Giới tính", SEX.get(_child_sex(report), "")),
        ]
    )
    w.field("Nơi ở", ctx.case.location.full_name())
    w.field("Mã số trường hợp", ctx.case.code)


def _officer_block(w: _Writer, step: CaseTransition) -> None:
    w.field("Họ và tên cán bộ thực hiện", step.by.full_name or step.by.username)
    w.field("Ngày, tháng, năm thực hiện", short_date(step.at))


def _officer_signature(w: _Writer, step: CaseTransition, title: str, left=None) -> None:
    name = step.by.full_name or ""
    right = [
        (title, {"bold": True}),
        ("(Ký, ghi rõ họ tên)", {"italic": True}),
        *SIGN_SPACE,
        (name, {"bold": True}),
    ]
    w.signatures(left or [], right)


def _service_rows(services: list[dict]) -> list[list[str]]:
    return [
        [
            str(i),
            s.get("service") or "",
            s.get("provider") or "……………",
            short_date(s.get("due_on")) or "……………",
        ]
        for i, s in enumerate(services, start=1)
    ]


# --- the forms -----------------------------------------------------------------------------


def _receiving_body(report: Report) -> tuple[list[str], Location | None]:
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


def build_mau_01(ctx: _Context) -> bytes:
    """Mẫu 01, official text: report received about a child."""
    report = ctx.report
    w = _Writer()
    w.form_label("01")
    body, unit = _receiving_body(report)
    abbreviation = "UBND" if unit else "……"
    w.header(
        body,
        number=f"……/BC-{abbreviation}",
        place=unit_short_name(unit),
        day=_as_date(report.received_at),
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
    received = _local(report.received_at)
    w.field(
        "Thời gian",
        f"{received:%H} giờ {received:%M}, ngày {received:%d} tháng {received:%m} "
        f"năm {received:%Y}",
    )

    w.heading("A.2. Thông tin về trẻ em")
    w.field("Họ và tên trẻ em", _child_name(report))
    w.field("Ngày, tháng, năm sinh hoặc ước lượng tuổi", _child_birth(report))
    sex = _child_sex(report)
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


def build_mau_02(ctx: _Context) -> bytes:
    """Mẫu 02 (structured from its purpose): initial risk assessment, and the emergency
    intervention when one was recorded."""
    step = ctx.required(CaseState.INITIAL_ASSESSMENT)
    data = step.data
    verification = ctx.last(CaseState.VERIFIED)
    w = _Writer()
    w.form_label("02")
    _commune_header(w, ctx, number=None, day=step.at)
    w.title("ĐÁNH GIÁ NGUY CƠ BAN ĐẦU", "đối với trẻ em")
    w.heading("I. THÔNG TIN CHUNG")
    _child_block(w, ctx)
    w.field("Ngày tiếp nhận thông tin", short_date(ctx.report.received_at))
    _officer_block(w, step)
    w.heading("II. KẾT QUẢ XÁC MINH THÔNG TIN")
    w.field("Nội dung xác minh", verification.data.get("findings") if verification else "")
    if verification is not None:
        safe = verification.data.get("child_safe")
        w.checkboxes("Trẻ em hiện an toàn", ["Có", "Không"], 0 if safe else 1)
    w.heading("III. ĐÁNH GIÁ NGUY CƠ")
    w.field("1. Tổn hại đối với trẻ em (đã bị tổn hại hay có nguy cơ)", data.get("harm"))
    w.field(
        "2. Khả năng đối tượng xâm hại tiếp tục tiếp cận trẻ em", data.get("perpetrator_access")
    )
    w.field("3. Môi trường chăm sóc (người có thể bảo vệ trẻ em)", data.get("care_environment"))
    level = data.get("risk_level")
    w.checkboxes(
        "4. Mức độ nguy cơ",
        [LEVEL[k] for k in LEVEL_ORDER],
        LEVEL_ORDER.index(level) if level in LEVEL_ORDER else None,
    )
    w.heading("IV. KẾT LUẬN")
    conclusion = data.get("conclusion")
    w.checkboxes(
        "",
        [
            "Khẩn cấp (hỗ trợ, can thiệp trong vòng 12 giờ)",
            "Không khẩn cấp",
        ],
        {"emergency": 0, "non_emergency": 1}.get(conclusion),
    )
    emergency = ctx.last(CaseState.EMERGENCY)
    if emergency is not None:
        e = emergency.data
        w.heading("V. HỖ TRỢ, CAN THIỆP KHẨN CẤP")
        w.field("Thời gian thực hiện", _local(emergency.at).strftime("%H giờ %M, %d/%m/%Y"))
        w.field("Biện pháp đã thực hiện", e.get("measures"))
        w.checkboxes(
            "Tạm thời cách ly trẻ em khỏi người chăm sóc",
            ["Có", "Không"],
            0 if e.get("temporary_separation") else 1,
        )
        if e.get("temporary_separation"):
            w.field("Thời hạn cách ly (ngày)", e.get("separation_days"))
            w.field("Nơi, người nhận chăm sóc trẻ em", e.get("placed_with"))
    if step.note:
        w.field("Ghi chú", step.note)
    _officer_signature(w, step, "NGƯỜI ĐÁNH GIÁ")
    return w.save()


def build_mau_03(ctx: _Context) -> bytes:
    """Mẫu 03 (structured from its purpose): specific risk assessment and needs meeting."""
    step = ctx.required(CaseState.DETAILED_ASSESSMENT)
    data = step.data
    w = _Writer()
    w.form_label("03")
    _commune_header(w, ctx, number=None, day=step.at)
    w.title("ĐÁNH GIÁ NGUY CƠ CỤ THỂ", "và nhu cầu hỗ trợ, can thiệp đối với trẻ em")
    w.heading("I. THÔNG TIN CHUNG")
    _child_block(w, ctx)
    _officer_block(w, step)
    w.field("Ngày họp đánh giá nhu cầu", short_date(data.get("meeting_on")))
    w.heading("II. KẾT QUẢ ĐÁNH GIÁ")
    w.field("1. Kết quả đánh giá", data.get("findings"))
    w.field("2. Nhu cầu của trẻ em và gia đình", data.get("needs"))
    level = data.get("risk_level")
    w.checkboxes(
        "3. Mức độ nguy cơ",
        [LEVEL[k] for k in LEVEL_ORDER],
        LEVEL_ORDER.index(level) if level in LEVEL_ORDER else None,
    )
    if step.note:
        w.field("Ghi chú", step.note)
    _officer_signature(w, step, "NGƯỜI ĐÁNH GIÁ")
    return w.save()


def build_mau_04(ctx: _Context) -> bytes:
    """Mẫu 04 (structured from its purpose): the support plan with its services."""
    step = ctx.required(CaseState.PLANNING)
    data = step.data
    w = _Writer()
    w.form_label("04")
    _commune_header(w, ctx, number=None, day=step.at)
    w.title("KẾ HOẠCH HỖ TRỢ, CAN THIỆP", "đối với trẻ em")
    w.heading("I. THÔNG TIN CHUNG")
    _child_block(w, ctx)
    w.field("Người lập kế hoạch", step.by.full_name or step.by.username)
    w.field("Ngày lập kế hoạch", short_date(step.at))
    w.heading("II. MỤC TIÊU")
    w.field("Mục tiêu của kế hoạch", data.get("goals"))
    w.heading("III. CÁC DỊCH VỤ HỖ TRỢ, CAN THIỆP")
    services = data.get("services") or []
    w.bordered(
        ["STT", "Dịch vụ hỗ trợ, can thiệp", "Cơ quan, người thực hiện", "Thời hạn"],
        _service_rows(services) or [["1", "", "", ""]],
        [Mm(14), Mm(71), Mm(50), Mm(30)],
    )
    w.para(after=0)
    w.heading("IV. THEO DÕI, RÀ SOÁT")
    w.field("Ngày rà soát, đánh giá dự kiến", short_date(data.get("review_on")))
    if step.note:
        w.field("Ghi chú", step.note)
    _officer_signature(
        w,
        step,
        "NGƯỜI LẬP KẾ HOẠCH",
        left=[
            ("CHA, MẸ HOẶC NGƯỜI CHĂM SÓC TRẺ EM", {"bold": True}),
            ("(Ký, ghi rõ họ tên)", {"italic": True}),
        ],
    )
    return w.save()


def build_mau_05(ctx: _Context) -> bytes:
    """Mẫu 05 (structured from its purpose, layout of NĐ 30/2020): the commune chair's decision
    approving the support plan."""
    step = ctx.required(CaseState.APPROVED)
    data = step.data
    plan = ctx.last(CaseState.PLANNING, before=step)
    plan_data = plan.data if plan else {}
    report = ctx.report
    commune = ctx.commune()
    commune_name = commune.name if commune else "xã ……………"
    decided_on = _as_date(data.get("decided_on")) or _as_date(step.at)
    child = _child_name(report) or "……………"

    w = _Writer()
    _commune_header(w, ctx, number=decision_number(data.get("decision_number")), day=decided_on)
    w.title("QUYẾT ĐỊNH")
    w.centered(
        f"Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {child}",
        bold=True,
        size=14,
        after=0,
    )
    _rule(w.doc, Mm(50))
    w.para(after=0)
    w.centered(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune_name.upper()}", bold=True, size=14, after=6)
    for basis in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
        "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định chi "
        "tiết một số điều của Luật Trẻ em;",
        "Xét đề nghị của công chức phụ trách công tác trẻ em về kế hoạch hỗ trợ, can thiệp đối "
        f"với trẻ em (hồ sơ trường hợp số {ctx.case.code}).",
    ):
        _body(w, basis, italic=True)
    w.centered("QUYẾT ĐỊNH:", bold=True, size=14, after=6)

    birth = _child_birth(report)
    birth_text = f", sinh ngày {birth}" if birth and not birth.startswith("ước") else f", {birth}"
    _body(
        w,
        f"Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {child}"
        f"{birth_text if birth else ''}, nơi ở: {ctx.case.location.full_name()}, "
        "với các nội dung sau:",
        lead="Điều 1. ",
    )
    _body(w, f"1. Mục tiêu: {plan_data.get('goals') or '……………'}")
    _body(w, "2. Các dịch vụ hỗ trợ, can thiệp:")
    services = plan_data.get("services") or []
    for letter, service in zip("abcdeghiklmnopqrstuvxy", services, strict=False):
        parts = [service.get("service") or ""]
        if service.get("provider"):
            parts.append(f"cơ quan, người thực hiện: {service['provider']}")
        if service.get("due_on"):
            parts.append(f"thời hạn: {short_date(service['due_on'])}")
        _body(w, f"{letter}) " + "; ".join(parts) + ";")
    if not services:
        w.dotted_lines(2)
    _body(
        w,
        f"3. Thời gian rà soát, đánh giá: {short_date(plan_data.get('review_on')) or '……………'}.",
    )
    if data.get("note"):
        _body(w, f"4. Ghi chú: {data['note']}")
    _body(
        w,
        "Giao công chức phụ trách công tác trẻ em chủ trì, phối hợp với các cơ quan, tổ chức, "
        "cá nhân có liên quan tổ chức thực hiện kế hoạch; theo dõi, rà soát, đánh giá và báo cáo "
        f"kết quả với Chủ tịch Ủy ban nhân dân {commune_name[:1].lower()}{commune_name[1:]}.",
        lead="Điều 2. ",
    )
    _body(
        w,
        "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân "
        "xã, công chức phụ trách công tác trẻ em, các cơ quan, tổ chức, cá nhân có liên quan và "
        "gia đình trẻ em chịu trách nhiệm thi hành Quyết định này./.",
        lead="Điều 3. ",
    )
    signer = step.by.full_name or ""
    w.signatures(
        [
            (
                "Nơi nhận:",
                {"bold": True, "italic": True, "size": 12, "align": WD_ALIGN_PARAGRAPH.LEFT},
            ),
            ("- Như Điều 3;", {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}),
            ("- Gia đình trẻ em;", {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}),
            ("- Lưu: VT, hồ sơ trường hợp.", {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}),
        ],
        [
            ("CHỦ TỊCH", {"bold": True}),
            *SIGN_SPACE,
            (signer, {"bold": True}),
        ],
    )
    return w.save()


def _body(w: _Writer, text: str, *, lead: str = "", italic: bool = False):
    """A justified body paragraph of an administrative document (first line indented)."""
    p = w.doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Mm(10)
    p.paragraph_format.space_after = Pt(6)
    if lead:
        p.add_run(lead).bold = True
    run = p.add_run(text)
    run.italic = italic
    return p


def build_mau_06(ctx: _Context) -> bytes:
    """Mẫu 06: header and part 1a per the official text read; 1b and the conclusion structured
    from the purpose."""
    step = ctx.required(CaseState.REVIEW)
    data = step.data
    closing = None
    for later in ctx.steps:
        if (later.at, later.pk) > (step.at, step.pk):
            closing = later
            break
    w = _Writer()
    w.form_label("06")
    _commune_header(w, ctx, number=None, day=step.at)
    w.title(
        "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM",
        "SAU KHI THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    )
    w.field("Họ và tên trẻ em", _child_name(ctx.report))
    w.field("Mã số trường hợp", ctx.case.code)
    _officer_block(w, step)
    w.heading("1. Đánh giá nguy cơ tại giai đoạn kết thúc")
    w.heading("a) Mức độ tổn hại")
    rows = []
    for key, label in REVIEW_ITEMS:
        value = data.get(key)
        rows.append([label] + ["X" if value == level else "" for level in LEVEL_ORDER])
    totals = {
        level: sum(1 for key, _label in REVIEW_ITEMS if data.get(key) == level)
        for level in LEVEL_ORDER
    }
    rows.append(["Tổng số"] + [str(totals[level]) for level in LEVEL_ORDER])
    table = w.bordered(
        ["Nội dung", "Cao", "Trung bình", "Thấp"],
        rows,
        [Mm(99), Mm(22), Mm(22), Mm(22)],
    )
    for row in table.rows[1:]:
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    table.rows[-1].cells[0].paragraphs[0].runs[0].bold = True
    w.para(after=0)
    w.heading("b) Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em")
    w.dotted_lines(3)
    w.heading("2. Nhận xét, kết luận")
    w.field("Tình trạng của trẻ em sau khi thực hiện kế hoạch", data.get("summary"))
    chosen = None
    if closing is not None:
        chosen = 0 if closing.to_state == CaseState.CLOSED else 1
    w.checkboxes(
        "",
        ["Kết thúc hỗ trợ, can thiệp", "Tiếp tục (lập kế hoạch hỗ trợ, can thiệp mới)"],
        chosen,
    )
    if closing is not None and closing.to_state == CaseState.CLOSED:
        w.field("Lý do kết thúc", closing.data.get("reason"))
    if step.note:
        w.field("Ghi chú", step.note)
    _officer_signature(w, step, "NGƯỜI THỰC HIỆN")
    return w.save()


_BUILDERS = {
    "01": build_mau_01,
    "02": build_mau_02,
    "03": build_mau_03,
    "04": build_mau_04,
    "05": build_mau_05,
    "06": build_mau_06,
}
