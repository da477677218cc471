import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from baovetreem.audit.models import AuditEvent
from baovetreem.locations.models import Level, Location


def test_commune_officer_creates_a_village_and_it_is_audited(world, client_for):
    client = client_for("xa1")
    response = client.post(
        f"/locations/{world.C1.pk}/villages/new/",
        {"code": "T09", "name": "Thôn Chín", "kind": "thon"},
    )
    assert response.status_code == 302
    village = Location.objects.get(parent=world.C1, code="T09")
    assert village.path == f"{world.C1.path}{village.pk}/"
    event = AuditEvent.objects.get(object_type="locations.location", object_id=str(village.pk))
    assert event.action == "create" and event.actor == world.xa1
    assert event.location_path == village.path and event.after["name"] == "Thôn Chín"


def test_duplicate_village_code_gets_a_vietnamese_message_and_changes_nothing(world, client_for):
    count = Location.objects.count()
    response = client_for("xa1").post(
        f"/locations/{world.C1.pk}/villages/new/",
        {"code": "t01", "name": "Thôn Khác", "kind": "thon"},
    )
    assert response.status_code == 200
    assert "đã được dùng cho một thôn khác" in response.content.decode()
    assert Location.objects.count() == count


def test_same_village_code_is_fine_in_another_commune(world, client_for):
    response = client_for("xa2").post(
        f"/locations/{world.C2.pk}/villages/new/",
        {"code": "T02", "name": "Thôn Tây", "kind": "thon"},
    )
    assert response.status_code == 302


def test_collaborator_cannot_create_villages(world, client_for):
    response = client_for("ctv1").post(
        f"/locations/{world.C1.pk}/villages/new/", {"code": "T09", "name": "X", "kind": "thon"}
    )
    assert response.status_code == 403


def _sheet(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH THÔN, TỔ DÂN PHỐ"])
    ws.append(["Tên thôn", "Mã xã", "Mã thôn"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("thon.xlsx", buffer.getvalue())


def test_village_import_stores_all_rows_when_all_are_valid(world, client_for):
    upload = _sheet([["Thôn Ba", "22001", "T03"], ["Bản Bốn", 22001, "T04"]])
    response = client_for("xa1").post("/locations/villages/import/", {"file": upload})
    assert response.status_code == 302
    assert set(
        Location.objects.filter(parent=world.C1, code__in=["T03", "T04"]).values_list(
            "kind", flat=True
        )
    ) == {"thon", "ban"}
    assert AuditEvent.objects.filter(action="import").count() == 2


def test_village_import_with_bad_rows_stores_nothing_and_lists_row_and_column(world, client_for):
    count = Location.objects.count()
    upload = _sheet(
        [
            ["Thôn Ba", "22001", "T03"],
            ["Thôn Lạ", "22002", "T05"],  # xa2's commune: outside scope
            ["", "22001", "T06"],  # no name
            ["Thôn Trùng", "22001", "T01"],  # code taken
            ["Thôn Ba bis", "22001", "T03"],  # twice in file
        ]
    )
    response = client_for("xa1").post("/locations/villages/import/", {"file": upload})
    assert response.status_code == 200
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert errors == [(4, "Mã xã"), (5, "Tên thôn"), (6, "Mã thôn"), (7, "Mã thôn")]
    page = response.content.decode()
    assert "không phải xã bạn được thêm thôn" in page and "chưa lưu gì cả" in page
    assert Location.objects.count() == count


def test_import_of_a_file_that_is_not_a_spreadsheet_is_refused_clearly(world, client_for):
    upload = SimpleUploadedFile("thon.xlsx", b"\x00\x01 garbage")
    response = client_for("xa1").post("/locations/villages/import/", {"file": upload})
    assert response.status_code == 200
    assert "không phải bảng tính Excel" in response.content.decode()


def test_import_template_lists_only_own_communes(world, client_for):
    from openpyxl import load_workbook

    response = client_for("xa1").get("/locations/villages/template.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == ["Mã xã", "Mã thôn", "Tên thôn", "Loại"]
    codes = [row[0] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert codes == ["22001"]
    assert Location.objects.filter(level=Level.VILLAGE).count() == 4


def test_only_the_province_sets_a_communes_characteristics(world, client_for):
    url = f"/locations/{world.C1.pk}/characteristics/"
    response = client_for("xa1").post(url, {"is_mountain": "on"})
    assert response.status_code == 200
    assert "Chỉ cấp tỉnh" in response.content.decode()
    world.C1.refresh_from_db()
    assert not world.C1.is_mountain
    assert client_for("admin").post(url, {"is_mountain": "on"}).status_code == 302
    world.C1.refresh_from_db()
    assert world.C1.is_mountain
    assert AuditEvent.objects.filter(object_id=str(world.C1.pk), action="update").exists()
    assert client_for("xa3").post(url, {"is_island": "on"}).status_code == 404
