"""The village register imported through the pipeline, and exported back (round trip)."""

import datetime as dt
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from baovetreem.audit.models import AuditEvent
from baovetreem.imports import services as import_services
from baovetreem.imports.base import get_importer
from baovetreem.imports.models import ImportJob
from baovetreem.imports.pipeline import read_upload, run_job
from baovetreem.registry.exports import ID_HEADER, write_children_xlsx
from baovetreem.registry.models import Child, GroupMembership

HEADER = ["STT", "Thôn", "HỌ VÀ TÊN", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh",
          "Họ tên cha", "Họ tên mẹ", "Nhóm HCĐB"]  # fmt: skip


def _sheet(rows, title=True) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["SỔ THEO DÕI TRẺ EM NĂM 2026 — THÔN MỘT"])
        ws.merge_cells("A1:F1")
        ws.append([])
    ws.append(HEADER)
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("so-theo-doi.xlsx", buffer.getvalue())


def _run(user, upload, mode):
    job = import_services.create_job(user, get_importer("registry.children"), upload, mode=mode)
    read_upload(job.pk)  # the worker reads the file's first rows and finds the header
    job.refresh_from_db()
    assert job.status == "mapped", job.column_mapping
    job.mode = mode
    job.status = "validating"
    job.save()
    run_job(job.pk)
    return ImportJob.objects.get(pk=job.pk)


GOOD = [
    [
        "T01",
        "  Nguyễn   Văn  Nam ",
        "05/03/2019",
        "Nam",
        "Kinh",
        "056 219 000 123",
        "Nguyễn Văn Ba",
        "Lê Thị Tư",
        "",
    ],
    [
        "t01",
        unicodedata.normalize("NFD", "Trần Thị Mai"),
        dt.datetime(2020, 7, 1),
        "Nữ",
        "Tày",
        "",
        "",
        "",
        "d, l",
    ],
    ["Thôn Hai", "Phạm Minh Khôi", "1/2/2018", "nam", "", "", "", "", ""],
]
BAD = [
    ["T09", "Không Có Thôn", "01/01/2019", "Nam", "", "", "", "", ""],  # row 7: unknown village
    ["T01", "Quá Tuổi", "01/01/2005", "Nữ", "", "", "", "", ""],  # row 8: already 16+
    ["T01", "Ngày Sai", "31/02/2019", "Nữ", "", "", "", "", ""],  # row 9: impossible date
    ["T01", "Số Sai", "01/01/2019", "Nữ", "", "12345", "", "", ""],  # row 10: malformed ID
    ["T01", "Nhóm Sai", "01/01/2019", "X", "", "", "", "", "z"],  # row 11: sex and group
]


def test_valid_rows_are_stored_and_bad_rows_reported_by_row_and_column(world):
    job = _run(world.xa1, _sheet(GOOD + BAD), "valid_rows")
    assert job.stored_rows == 3 and job.error_rows == 5
    errors = sorted((e.row_number, e.column) for e in job.row_errors.filter(kind="error"))
    assert errors == [
        (7, "Thôn"), (8, "Ngày sinh"), (9, "Ngày sinh"), (10, "Số định danh cá nhân"),
        (11, "Giới tính"), (11, "Nhóm HCĐB"),
    ]  # fmt: skip
    nam = Child.objects.get(personal_id="056219000123")
    assert nam.full_name == "Nguyễn Văn Nam" and nam.village == world.V1a
    assert set(nam.carers.values_list("full_name", flat=True)) == {"Nguyễn Văn Ba", "Lê Thị Tư"}
    mai = Child.objects.get(name_normalized="tran thi mai")
    assert (
        mai.full_name == "Trần Thị Mai"
        and mai.ethnicity == "02"
        and mai.date_of_birth == dt.date(2020, 7, 1)
    )
    assert set(GroupMembership.objects.filter(child=mai).values_list("group__code", flat=True)) == {
        "d",
        "l",
    }
    assert Child.objects.get(full_name="Phạm Minh Khôi").village == world.V1b
    assert AuditEvent.objects.filter(object_type="registry.child", action="import").count() == 3


def test_all_or_nothing_stores_nothing_when_a_row_is_bad(world):
    job = _run(world.xa1, _sheet(GOOD + BAD[:1]), "all_or_nothing")
    assert job.status == "rejected" and job.stored_rows == 0
    assert not Child.objects.exists()


def test_a_village_outside_the_scope_is_a_row_error(world):
    job = _run(world.xa2, _sheet(GOOD[2:]), "valid_rows")  # Thôn Hai is in xa1's commune
    assert job.stored_rows == 0
    assert [(e.row_number, e.column) for e in job.row_errors.all()] == [(4, "Thôn")]


def test_collaborator_imports_only_into_own_village(world):
    job = _run(world.ctv1, _sheet(GOOD), "valid_rows")
    assert job.stored_rows == 2  # Thôn Hai is V1b: not theirs
    assert [(e.row_number, e.column) for e in job.row_errors.all()] == [(6, "Thôn")]


def test_id_numbers_already_in_the_register_or_twice_in_the_file_are_refused(world, kids):
    kids["an"].personal_id = "056219000123"
    kids["an"].save()
    twice = GOOD[:1] + [["T01", "Người Khác", "05/03/2019", "Nam", "", "056219000123", "", "", ""]]
    job = _run(world.xa1, _sheet(twice), "valid_rows")
    assert job.stored_rows == 0
    assert sorted((e.row_number, e.column) for e in job.row_errors.all()) == [
        (4, "Số định danh cá nhân"), (5, "Số định danh cá nhân")
    ]  # fmt: skip


@pytest.mark.parametrize("persona", ["xa1", "ctv1"])
def test_export_contains_exactly_the_scope_and_round_trips(
    world, kids, persona, tmp_path, client_for
):
    from baovetreem.registry.models import Group
    from baovetreem.registry.services import add_membership

    add_membership(
        world.xa1, kids["an"], group=Group.objects.get(code="d2"), start_date=dt.date(2024, 1, 1)
    )
    user = getattr(world, persona)
    user.user_permissions.clear()
    path = tmp_path / "out.xlsx"
    if persona == "ctv1":  # the collaborator exports their village only
        assert write_children_xlsx(user, {"status": "all"}, path) == 2
        rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        assert {r[3] for r in rows[1:]} == {"Nguyễn Văn An", "Trần Thị Dũng"}
        return
    assert write_children_xlsx(user, {"status": "all"}, path) == 3
    rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == ID_HEADER
    names = {r[3] for r in rows[1:]}
    assert names == {"Nguyễn Văn An", "Trần Thị Dũng", "Lê Thị Hoa"}
    an = next(r for r in rows[1:] if r[3] == "Nguyễn Văn An")
    assert an[:7] == (kids["an"].pk, "22001", "T01", "Nguyễn Văn An", "04/05/2019", "Nam", "Kinh")
    assert an[14] == "d"


def _exported(user, tmp_path):
    path = tmp_path / "export.xlsx"
    write_children_xlsx(user, {"status": "all"}, path)
    wb = load_workbook(path)
    return wb, wb.worksheets[0]


def _upload(wb) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("da-lam-sach.xlsx", buffer.getvalue())


def test_exported_register_comes_back_as_corrections_not_new_children(world, kids, tmp_path):
    """Đề án 06 round trip: export, correct at home visits, import the same file back."""
    wb, ws = _exported(world.xa1, tmp_path)
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == kids["an"].pk)
    row[header.index("Số định danh cá nhân")].value = "056 219 004 321"
    row[header.index("Họ tên mẹ")].value = "Phan Thị Hồng"
    count = Child.all_objects.count()
    job = _run(world.xa1, _upload(wb), "all_or_nothing")
    assert job.status == "done", list(job.row_errors.values_list("row_number", "column", "message"))
    assert Child.all_objects.count() == count
    an = Child.objects.get(pk=kids["an"].pk)
    assert an.personal_id == "056219004321" and an.version == 2
    assert an.carers.get(relationship="mother").full_name == "Phan Thị Hồng"
    assert AuditEvent.objects.filter(
        object_id=str(an.pk), action="update", note="excel import"
    ).exists()
    # The same (now stale) file again: refused row by row, nothing changes.
    job = _run(world.xa1, _upload(wb), "all_or_nothing")
    assert job.status == "rejected"
    assert {e.column for e in job.row_errors.all()} == {"Phiên bản hồ sơ"}
    assert Child.objects.get(pk=an.pk).version == 2


def test_another_commune_cannot_correct_children_through_an_import(world, kids, tmp_path):
    wb, ws = _exported(world.xa1, tmp_path)
    for r in ws.iter_rows(min_row=2):
        r[1].value = "22002"  # point the rows at xa2's commune
        r[2].value = "T01"
    job = _run(world.xa2, _upload(wb), "valid_rows")
    assert job.stored_rows == 0
    assert {e.column for e in job.row_errors.all()} == {"Mã trẻ trong hệ thống"}
    assert all(c.version == 1 for c in Child.objects.all())
