"""The village register import reads cells as commune officers write them (one behaviour each);
the whole messy register is in test_import_messy_register.py."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from baovetreem.core.tabular import Column
from baovetreem.imports import services as import_services
from baovetreem.imports.base import get_importer
from baovetreem.imports.models import ImportJob
from baovetreem.imports.pipeline import read_upload, run_job
from baovetreem.imports.reading import iter_raw_rows
from baovetreem.registry.importers import COLUMNS, ChildImporter
from baovetreem.registry.models import Carer, Child
from baovetreem.registry.reference import ETHNIC_GROUP_NAMES

XLS_FIXTURE = Path(__file__).parent / "data" / "messy_register.xls"


def _row(**values) -> dict:
    row = dict.fromkeys(column.key for column in COLUMNS)
    row.update({"village": "T01", "full_name": "Bé Thử", "date_of_birth": "01/02/2020"})
    row.update({"sex": "Nữ", **values})
    return row


def _check(world, **values):
    importer = ChildImporter(world.xa1)
    result = importer.validate_row(2, _row(**values))
    return importer, result


VARIANTS = {
    "12": ["Ê Đê", "Ê-đê", "Ede", "ê đê", "Êđê"],
    "13": ["Ba Na", "Bahnar", "Ba-na"],
    "14": ["Xơ Đăng", "Xơ-đăng", "Xo Dang"],
    "08": ["H'Mông", "Mông", "Hmong", "Mèo", "HMÔNG"],
    "09": ["Dao"],
    "03": ["Thái"],
    "02": ["Tày", "Tay"],
    "07": ["Nùng"],
    "16": ["K'Ho", "Cơ Ho", "Koho", "Cơ-ho"],
    "20": ["M'Nông", "Mnông"],
    "04": ["Hoa"],
    "05": ["Khmer", "Khơ-me", "Khơ Me"],
    "17": ["Chăm", "Chàm"],
    "10": ["Gia Rai", "Jrai", "Gia-rai"],
    "18": ["Sán Dìu"],
    "15": ["Sán Chay"],
    "21": ["Raglay", "Ra Glai", "Ra-glai"],
    "01": ["Kinh", "dân tộc Kinh", "1"],
}


@pytest.mark.parametrize(
    ("code", "written"), [(code, text) for code, texts in VARIANTS.items() for text in texts]
)
def test_ethnicity_as_people_write_it_is_the_one_official_group(world, code, written):
    _importer, result = _check(world, ethnicity=written)
    assert result.errors == []
    assert result.cleaned["ethnicity"] == code
    assert ETHNIC_GROUP_NAMES[code] in result.shown["ethnicity"]


def test_unknown_ethnicity_lists_the_closest_groups(world):
    _importer, result = _check(world, ethnicity="Khmé")
    [(column, message)] = result.errors
    assert column == "Dân tộc" and "“Khơ-me”" in message


def test_excel_serial_number_in_a_text_cell_is_read_as_that_date_with_a_warning(world):
    _importer, result = _check(world, date_of_birth="43525")
    assert result.errors == []
    assert result.cleaned["date_of_birth"] == dt.date(2019, 3, 1)
    assert result.warnings and "43525" in result.warnings[0][1]


@pytest.mark.parametrize(
    ("written", "day", "precision"),
    [
        ("2018", dt.date(2018, 1, 1), "year"),
        (2018, dt.date(2018, 1, 1), "year"),
        ("3/2020", dt.date(2020, 3, 1), "month"),
        ("tháng 03/2020", dt.date(2020, 3, 1), "month"),
        ("05/03/2019", dt.date(2019, 3, 5), "day"),
    ],
)
def test_year_only_and_month_year_dates_of_birth_keep_their_precision(
    world, written, day, precision
):
    _importer, result = _check(world, date_of_birth=written)
    assert result.errors == []
    assert result.cleaned["date_of_birth"] == day
    assert result.cleaned["birth_date_precision"] == precision


def test_card_number_is_checked_and_stored_normalised(world):
    _importer, good = _check(world, insurance_number="te1 79 0123456789")
    assert good.cleaned["insurance_number"] == "TE1790123456789"
    _importer, bad = _check(world, insurance_number="TE123")
    assert [column for column, _m in bad.errors] == ["Số thẻ BHYT"]


@pytest.mark.parametrize(
    ("name", "words"), [("12345", "chữ cái"), ("Bé\x07Lan", "ký tự điều khiển"), ("x" * 151, "150")]
)
def test_bad_names_are_refused_with_a_message(world, name, words):
    _importer, result = _check(world, full_name=name)
    [(column, message)] = result.errors
    assert column == "Họ và tên" and words in message


def test_personal_id_with_a_letter_says_so(world):
    _importer, result = _check(world, personal_id="05632000O123")
    [(column, message)] = result.errors
    assert column == "Số định danh cá nhân" and "“O”" in message


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Họ tên trẻ", "full_name"),
        ("Họ và tên trẻ em", "full_name"),
        ("HỌ VÀ TÊN TRẺ EM (*)", "full_name"),
        ("Tên trẻ", "full_name"),
        ("Người chăm sóc", "carer_name"),
        ("Họ tên cha/mẹ", "carer_name"),
        ("Cha mẹ hoặc người chăm sóc", "carer_name"),
        ("Cha/mẹ hoặc\nngười chăm sóc", "carer_name"),
        ("Họ tên cha", "father_name"),
    ],
)
def test_officers_header_wordings_are_recognised(heading, key):
    matched = [column.key for column in COLUMNS if column.matches(heading)]
    assert matched == [key]
    assert Column("x", "Mã xã/phường").matches("MÃ XÃ - PHƯỜNG")


def _sheet(header, *rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("so.xlsx", buffer.getvalue())


def _run(user, upload, **job_fields) -> ImportJob:
    job = import_services.create_job(user, get_importer("registry.children"), upload)
    read_upload(job.pk)
    job.refresh_from_db()
    assert job.status == "mapped", job.column_mapping
    for name, value in {"status": "validating", **job_fields}.items():
        setattr(job, name, value)
    job.save()
    run_job(job.pk)
    return ImportJob.objects.get(pk=job.pk)


HEADER = ["Thôn", "Họ tên trẻ", "Ngày sinh", "Giới tính", "Dân tộc", "Người chăm sóc"]


def test_carer_column_is_kept_as_a_carer_of_the_child(world):
    job = _run(world.xa1, _sheet(HEADER, ["T01", "Bé Na", "2019", "Nữ", "Ede", "Y Bih Niê"]))
    assert job.stored_rows == 1, list(job.row_errors.values_list("column", "message"))
    child = Child.objects.get(full_name="Bé Na")
    assert (child.ethnicity, child.birth_date_precision) == ("12", "year")
    assert list(child.carers.values_list("full_name", "is_primary_carer")) == [("Y Bih Niê", True)]
    assert "y bih nie" in child.search_text


def test_preview_shows_values_as_written_never_codes(world):
    job = import_services.create_job(
        world.xa1,
        get_importer("registry.children"),
        _sheet(HEADER, ["T01", "Bé Na", "05/03/2019", "Nữ", "Kinh", ""]),
    )
    read_upload(job.pk)
    job.refresh_from_db()
    [row] = import_services.preview_rows(job, world.xa1)
    shown = {cell.label: cell.text for cell in row.cells}
    assert shown["Giới tính"] == "Nữ" and shown["Dân tộc"] == "Kinh"
    assert shown["Thôn"] == "T01 — Thôn Một"
    assert "female" not in shown.values() and "01" not in shown.values()


def test_importing_the_same_rows_again_adds_no_child(world, kids):
    rows = [
        ["T01", "Bé Na", "05/03/2019", "Nữ", "Kinh", ""],
        ["T02", "Bé Nở", "2018", "Nữ", "", ""],
    ]
    first = _run(world.xa1, _sheet(HEADER, *rows))
    assert first.stored_rows == 2
    count = Child.objects.count()
    second = _run(world.xa1, _sheet(HEADER, *rows))
    assert (second.status, second.stored_rows) == ("done", 0)
    assert Child.objects.count() == count
    third = _run(world.xa1, _sheet(HEADER, *rows), duplicate_default="update")
    assert third.stored_rows == 0 and Child.objects.count() == count


def test_row_matching_a_child_of_the_register_is_marked_but_never_one_out_of_scope(world, kids):
    importer = ChildImporter(world.xa1)
    for number, (village, name, born) in enumerate(
        [
            ("T01", "Nguyễn Văn An", "04/05/2019"),
            ("T02", "Nguyễn Văn An", "05/05/2019"),
            ("T01", "Phạm Văn Bình", "20/01/2018"),
        ],  # fmt: skip
        start=2,
    ):
        importer.validate_row(number, _row(village=village, full_name=name, date_of_birth=born))
    assert importer.finish_validation() == []
    matches = importer.matches()
    assert set(matches) == {2, 3}
    assert matches[2].exact and matches[2].record_id == kids["an"].pk
    assert not matches[3].exact and "Nguyễn Văn An" in matches[3].description
    # The Phạm Văn Bình of commune C2 is not xa1's to see: row 4 says nothing of him.


def test_reimported_row_with_an_id_number_is_the_same_child_not_an_id_clash(world, kids):
    rows = [["T01", "Bé Có Số", "05/03/2019", "Nữ", "056319000123"]]
    header = ["Thôn", "Họ tên trẻ", "Ngày sinh", "Giới tính", "Số định danh"]
    assert _run(world.xa1, _sheet(header, *rows)).stored_rows == 1
    again = _run(world.xa1, _sheet(header, *rows))
    assert not again.row_errors.filter(kind="error").exists()
    assert Child.objects.filter(personal_id="056319000123").count() == 1


def test_old_xls_files_are_read_in_the_reading_child(world):
    with XLS_FIXTURE.open("rb") as handle:
        rows = list(iter_raw_rows(handle, "so.xls"))
    assert rows[3][2] == "Họ và tên trẻ em"
    assert rows[4][:4] == [1, "T01", "Nguyễn Văn Nam", "05/03/2019"]
    assert rows[14][3] == dt.datetime(2022, 4, 30)


def test_a_file_named_xls_that_is_not_one_is_refused_with_a_message(world):
    from baovetreem.core.tabular import TableError

    upload = SimpleUploadedFile("so.xls", b"%PDF-1.4 not a workbook")
    with pytest.raises(TableError, match="Excel"):
        import_services.create_job(world.xa1, get_importer("registry.children"), upload)
    assert not ImportJob.objects.exists()


def test_a_control_character_escaped_by_excel_in_an_xlsx_is_refused(world):
    job = _run(world.xa1, _sheet(HEADER, ["T01", "Bé_x0007_Na", "2019", "Nữ", "", ""]))
    assert job.stored_rows == 0
    [problem] = job.row_errors.filter(kind="error")
    assert problem.column == "Họ và tên" and "U+0007" in problem.message
    assert not Carer.objects.exists()
