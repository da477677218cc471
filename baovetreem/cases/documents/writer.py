"""python-docx layout of the case documents: an A4 page set up per Nghị định 30/2020/NĐ-CP
(margins, Times New Roman 13 pt), the administrative header, fields with dotted lines to fill by
hand, check boxes, bordered tables and signature blocks."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from baovetreem.cases.documents.dates import long_date

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


class Writer:
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
            dotted_to_margin(p)
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
            dotted_to_margin(p)
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
        rule(left, Mm(20), LEFT_COLUMN - CELL_PADDING)
        self.centered(QUOC_HIEU, bold=True, size=12.5, container=right, after=0)
        self.centered(TIEU_NGU, bold=True, size=13.5, container=right, after=0)
        rule(right, Mm(66), TEXT_WIDTH - LEFT_COLUMN - CELL_PADDING)
        drop_first_empty(left)
        drop_first_empty(right)
        left2, right2 = table.cell(1, 0), table.cell(1, 1)
        if number is not None:
            self.centered(f"Số: {number}", container=left2, after=0)
        place = place or "……………"
        date_text = long_date(day) if day else "ngày …… tháng …… năm ……"
        self.centered(f"{place}, {date_text}", italic=True, container=right2, after=0)
        drop_first_empty(left2)
        drop_first_empty(right2)
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
            drop_first_empty(cell)
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


def dotted_to_margin(paragraph) -> None:
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


def rule(container, length, width=TEXT_WIDTH):
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


def drop_first_empty(cell) -> None:
    """A new cell starts with an empty paragraph; remove it once content was added after it."""
    if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
        element = cell.paragraphs[0]._p
        element.getparent().remove(element)


def body(w: Writer, text: str, *, lead: str = "", italic: bool = False):
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
