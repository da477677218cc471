"""The printable village register (sổ theo dõi trẻ em): .xlsx and PDF, per village and commune,
written by the background worker, scoped for export and audited."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import load_workbook

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.core.pdf import VIETNAMESE_LETTERS, covers_vietnamese, vietnamese_font
from baovetreem.imports.models import ExportJob, ExportStatus
from baovetreem.registry.models import Carer, Group, GroupMembership, Household
from baovetreem.registry.register_print import register_pdf
from baovetreem.registry.village_register import build_register
from baovetreem.testing.children import make_child

XLSX = "/imports/exports/new/registry.village_register_xlsx/"
PDF = "/imports/exports/new/registry.village_register_pdf/"
YEAR = dt.date.today().year
HEADINGS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Cha mẹ / người chăm sóc",
    "Địa chỉ / hộ gia đình",
    "Nhóm hoàn cảnh đặc biệt",
    "Nguy cơ",
    "Bảo hiểm y tế",
    "Đăng ký khai sinh",
    "Học tập",
    "Ghi chú",
]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def an_in_full(world, kids):
    """Nguyễn Văn An with a household, parents, a group, insurance, birth registration, school."""
    an = kids["an"]
    household = Household(village=world.V1a, head_name="Nguyễn Văn Ước", number="12")
    household.address = "Xóm Giữa"
    household.save()
    an.household = household
    an.insurance_number = "TE1220012345678"
    an.insurance_valid_until = dt.date(YEAR + 1, 5, 3)
    an.birth_registered_on = dt.date(2019, 5, 20)
    an.school_level = "primary"
    an.school_name = "Trường Tiểu học Đắk Hà"
    an.grade = "1"
    an.save()
    Carer(child=an, relationship="father", full_name="Nguyễn Văn Ước").save()
    Carer(child=an, relationship="mother", full_name="Đặng Thị Quỳnh").save()
    GroupMembership.objects.create(
        child=an, group=Group.objects.get(code="d2"), start_date=dt.date(2024, 1, 1)
    )
    return an


def _request(client, url, unit, year=YEAR) -> ExportJob:
    response = client.post(url, {"unit": unit.pk, "year": year})
    job = ExportJob.objects.order_by("-id").first()
    assert job is not None, response
    assert response["Location"] == f"/imports/exports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.message
    return job


def _download(client, job) -> bytes:
    response = client.get(f"/imports/exports/{job.pk}/download")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _xlsx_names(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [row[1] for row in _child_rows(sheet)]


def _child_rows(sheet) -> list[tuple]:
    """The rows numbered 1, 2… (not the village headings nor the signature lines)."""
    return [row for row in sheet.iter_rows(min_row=9, values_only=True) if str(row[0]).isdigit()]


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())  # cells wrap their lines


def test_register_xlsx_has_the_title_units_year_columns_and_rows(client_for, world, an_in_full):
    client = client_for("xa1")
    job = _request(client, XLSX, world.V1a)
    content = _download(client, job)
    sheet = load_workbook(io.BytesIO(content)).active

    assert sheet["A1"].value == "TỈNH THỬ NGHIỆM"
    assert sheet["A2"].value == "XÃ AN BÌNH"
    assert sheet["A3"].value == "Thôn Một"
    assert sheet["A4"].value == "SỔ THEO DÕI TRẺ EM"
    assert sheet["A5"].value == f"Năm {YEAR}"
    assert [cell.value for cell in sheet[7]] == HEADINGS
    assert [cell.value for cell in sheet[8]] == [f"({n})" for n in range(1, 14)]
    rows = _child_rows(sheet)
    assert [row[1] for row in rows] == ["Nguyễn Văn An", "Trần Thị Dũng"]
    assert tuple(value or "" for value in rows[0]) == (
        "1",
        "Nguyễn Văn An",
        "04/05/2019",
        "Nam",
        "Kinh",
        "Cha: Nguyễn Văn Ước; Mẹ: Đặng Thị Quỳnh",
        "Chủ hộ: Nguyễn Văn Ước, hộ số 12, Xóm Giữa",
        "d2",
        "",
        f"TE1220012345678 (có giá trị đến 03/05/{YEAR + 1})",
        "20/05/2019",
        "Tiểu học, Trường Tiểu học Đắk Hà, lớp 1",
        "",
    )
    assert rows[1][9] == "Chưa có" and rows[1][10] == "chưa đăng ký"
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "Người lập sổ" in values and "Cán bộ phụ trách" in values
    assert "(Ký, ghi rõ họ tên)" in values
    assert any(str(v).startswith("Xã An Bình, ngày ") for v in values)

    # Printed as officials print it: A4 landscape, fit to width, headings on every page.
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$7:$8"
    assert sheet["B9"].font.name == "Times New Roman"
    assert sheet["B9"].border.left.style == "thin"
    assert sheet["A4"].font.name == "Times New Roman" and sheet["A4"].font.bold


def test_register_pdf_holds_the_vietnamese_text_intact(client_for, world, an_in_full):
    client = client_for("xa1")
    job = _request(client, PDF, world.C1)
    content = _download(client, job)
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content)
    for expected in (
        "SỔ THEO DÕI TRẺ EM",
        f"Năm {YEAR}",
        "TỈNH THỬ NGHIỆM",
        "XÃ AN BÌNH",
        "Nguyễn Văn An",
        "Trần Thị Dũng",
        "Lê Thị Hoa",
        "Đặng Thị Quỳnh",
        "Trường Tiểu học Đắk Hà",
        "Thôn Một",
        "Thôn Hai",
        "Người lập sổ",
        "Cán bộ phụ trách",
        "Họ và tên",
    ):
        assert expected in text, expected
    assert "Phạm Văn Bình" not in text  # another commune's child


def test_the_pdf_font_has_every_vietnamese_letter():
    family = vietnamese_font()
    assert covers_vietnamese(family.regular) and covers_vietnamese(family.bold)
    assert len(set(VIETNAMESE_LETTERS)) == 134


def test_pdf_of_an_empty_register_says_so(world):
    text = _pdf_text(register_pdf(build_register(world.xa1, world.V1b, YEAR)))
    assert "Không có trẻ em nào trong sổ của năm này." in text


def test_collaborator_prints_only_their_village(world, kids, client_for):
    client = client_for("ctv1")
    job = _request(client, XLSX, world.V1a)
    assert _xlsx_names(_download(client, job)) == ["Nguyễn Văn An", "Trần Thị Dũng"]
    for unit in (world.C1, world.V1b, world.V2a):
        before = ExportJob.objects.count()
        response = client.post(XLSX, {"unit": unit.pk, "year": YEAR})
        assert response.status_code == 302 and response["Location"] == "/imports/exports/"
        assert ExportJob.objects.count() == before  # refused: not a unit of their area


def test_commune_officer_prints_their_commune_village_by_village(world, kids, client_for):
    client = client_for("xa1")
    job = _request(client, XLSX, world.C1)
    content = _download(client, job)
    assert _xlsx_names(content) == ["Nguyễn Văn An", "Trần Thị Dũng", "Lê Thị Hoa"]
    sheet = load_workbook(io.BytesIO(content)).active
    sections = [row[0] for row in sheet.iter_rows(min_row=9, values_only=True) if not row[1]]
    assert sections[:2] == ["Thôn Một", "Thôn Hai"]
    response = client.post(XLSX, {"unit": world.C2.pk, "year": YEAR})
    assert response["Location"] == "/imports/exports/"


@pytest.mark.parametrize("url", [XLSX, PDF])
def test_provincial_officer_without_export_rights_gets_nothing(world, kids, client_for, url):
    client = client_for("tinh")
    assert client.post(url, {"unit": world.C1.pk, "year": YEAR}).status_code == 403
    assert not ExportJob.objects.exists()
    assert build_register(world.tinh, world.C1, YEAR).row_count == 0


def test_printing_a_register_is_audited_as_an_export(world, kids, client_for):
    client = client_for("ctv1")
    job = _request(client, PDF, world.V1a)
    _download(client, job)
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.ctv1)
    notes = sorted(events.values_list("note", flat=True))
    assert notes == ["export requested", "file downloaded"]
    requested = events.get(note="export requested")
    assert requested.after["exporter"] == "registry.village_register_pdf"
    assert requested.after["params"] == {"unit": world.V1a.pk, "year": YEAR}
    assert requested.after["rows"] == 2


def test_register_of_a_year_lists_the_children_under_16_living_there_then(world, kids):
    make_child(world.V1a, "Hồ Thị Nguyệt", dt.date(2005, 3, 1))  # 16 before 2022 began
    make_child(world.V1a, "Vũ Văn Khải", dt.date(2006, 6, 1))  # turns 16 during 2022
    make_child(world.V1a, "Đinh Thị Yến", dt.date(2023, 1, 5))  # born after 2022
    make_child(
        world.V1a,
        "Lý Văn Toàn",
        dt.date(2015, 1, 1),
        status="moved_away",
        status_since=dt.date(2021, 8, 1),  # gone before 2022
    )
    make_child(
        world.V1a,
        "Mai Thị Sen",
        dt.date(2015, 2, 2),
        status="moved_away",
        status_since=dt.date(2022, 9, 1),
    )
    register = build_register(world.xa1, world.V1a, 2022, today=dt.date(2026, 3, 1))
    names = [row[1] for section in register.sections for row in section.rows]
    assert names == ["Mai Thị Sen", "Nguyễn Văn An", "Trần Thị Dũng", "Vũ Văn Khải"]
    sen = register.sections[0].rows[0]
    assert sen[0] == "1" and sen[12] == "Đã chuyển đi 01/09/2022"
    assert register.date_line == "Xã An Bình, ngày 01 tháng 03 năm 2026"


def test_a_birth_date_known_only_to_the_year_prints_as_the_year(world):
    make_child(world.V1a, "Sùng Thị Mỷ", dt.date(2018, 1, 1), birth_date_precision="year")
    register = build_register(world.xa1, world.V1a, YEAR)
    assert register.sections[0].rows[0][2] == "2018"
