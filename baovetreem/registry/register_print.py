"""The village register on paper: an .xlsx sheet set up for printing, and a PDF.

Both lay out a ``VillageRegister`` the way officials keep it: the units at the top left, the
title and the year, the table (its header repeated on every page, the columns numbered), then
the place and date and the two signature blocks. A4 landscape, Times New Roman (in the PDF the
Times-like font shipped with the server, ``core.pdf``).
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from baovetreem.core.pdf import FONT_FAMILY, html_to_pdf
from baovetreem.registry.village_register import COLUMNS, VillageRegister

FONT = "Times New Roman"
# Column widths in characters (.xlsx) and in per cent of the table's width (PDF).
WIDTHS = [6, 20, 11, 7, 7, 22, 20, 9, 15, 18, 10, 16, 13]
CENTRED = (1, 3, 4)  # number, date of birth, sex: short values, centred in their column
HEADER_ROW = 7  # the headings; the row below holds the column numbers (1), (2)…


def title() -> str:
    return _("CHILD MONITORING REGISTER")


def signatures() -> tuple[str, str, str]:
    """The two signature blocks' titles and the line under each."""
    return _("Prepared by"), _("Officer in charge"), _("(Signature and full name)")


def write_register_xlsx(register: VillageRegister, path: Path) -> int:
    """Write ``register`` to ``path`` as one sheet ready to print; returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    columns = len(COLUMNS)
    last = get_column_letter(columns)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Register")[:31]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def font(**kwargs) -> Font:
        return Font(name=FONT, size=kwargs.pop("size", 11), **kwargs)

    def line(row: int, text: str, first: int, end: int, **style) -> None:
        cell = sheet.cell(row=row, column=first, value=text)
        cell.font = font(**style.pop("font", {}))
        cell.alignment = style.pop("alignment", Alignment(horizontal="left"))
        if end > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=end)

    line(1, register.province.upper(), 1, 5)
    line(2, register.commune.upper(), 1, 5, font={"bold": True})
    line(3, register.village, 1, 5, font={"bold": True})
    line(4, title(), 1, columns, font={"bold": True, "size": 14}, alignment=centred)
    line(5, _("Year %(year)s") % {"year": register.year}, 1, columns, alignment=centred)

    for index, (heading, width) in enumerate(zip(register.headings, WIDTHS, strict=True), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for row, text in ((HEADER_ROW, heading), (HEADER_ROW + 1, f"({index})")):
            cell = sheet.cell(row=row, column=index, value=text)
            cell.font = font(bold=row == HEADER_ROW, italic=row != HEADER_ROW)
            cell.alignment = centred
            cell.border = box
    row = HEADER_ROW + 2
    many = len(register.sections) > 1 or register.unit.level != "village"
    for section in register.sections:
        if many:
            line(row, section.title, 1, columns, font={"bold": True})
            for column in range(1, columns + 1):
                sheet.cell(row=row, column=column).border = box
            row += 1
        for values in section.rows:
            for column, value in enumerate(values, 1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.font = font()
                cell.border = box
                cell.alignment = centred if column in CENTRED else wrap
            row += 1

    row += 1
    prepared, in_charge, sign_here = signatures()
    split = columns - 4
    line(row, register.date_line, split, columns, font={"italic": True}, alignment=centred)
    row += 1
    line(row, prepared, 1, 5, font={"bold": True}, alignment=centred)
    line(row, in_charge, split, columns, font={"bold": True}, alignment=centred)
    row += 1
    line(row, sign_here, 1, 5, font={"italic": True}, alignment=centred)
    line(row, sign_here, split, columns, font={"italic": True}, alignment=centred)

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.freeze_panes = f"A{HEADER_ROW + 2}"
    sheet.print_area = f"A1:{last}{row}"
    workbook.save(path)
    return register.row_count


def register_html(register: VillageRegister) -> str:
    """The register as an HTML document with its print stylesheet (input of the PDF)."""
    total = sum(WIDTHS)
    prepared, in_charge, sign_here = signatures()
    return render_to_string(
        "registry/print/village_register.html",
        {
            "register": register,
            "title": title(),
            "headings": [
                (heading, round(100 * width / total, 2))
                for heading, width in zip(register.headings, WIDTHS, strict=True)
            ],
            "many": len(register.sections) > 1 or register.unit.level != "village",
            "columns": len(COLUMNS),
            "centred": CENTRED,
            "font_family": FONT_FAMILY,
            "prepared": prepared,
            "in_charge": in_charge,
            "sign_here": sign_here,
        },
    )


def register_pdf(register: VillageRegister) -> bytes:
    """The register as PDF bytes (``PdfUnavailable`` when the server cannot make PDF)."""
    return html_to_pdf(register_html(register))
