"""Matching columns by hand when the header is not recognised."""

from __future__ import annotations

import pytest

from baovetreem.imports.models import ImportJob
from baovetreem.imports.tests.helpers import upload
from baovetreem.locations.models import Location

pytestmark = pytest.mark.usefixtures("immediate_tasks")


@pytest.fixture
def client(client_for):
    client = client_for("xa1")
    client.cookies["django_language"] = "en"
    return client


def test_missing_required_header_leads_to_the_mapping_page(world, client):
    rows = [["22001", "T60", "Thôn Sáu Mươi"], ["22001", "T61", "Thôn Sáu Mốt"]]
    response = upload(client, rows, header=["Mã xã", "Số hiệu", "Tên thôn"])
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/columns/"
    assert job.status == "uploaded" and job.header_row == 1
    assert job.column_mapping == {"commune_code": 0, "name": 2}  # what was recognised
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="col_code"' in body and "B: Số hiệu" in body
    # Recognised columns come pre-selected.
    assert page.context["form"]["col_name"].value() == "2"
    # Nothing can start before the columns are matched.
    assert client.get(f"/imports/{job.pk}/preview/")["Location"] == f"/imports/{job.pk}/columns/"
    response = client.post(
        f"/imports/{job.pk}/columns/",
        {"header_row": 1, "col_commune_code": "0", "col_code": "1", "col_name": "2"},
    )
    assert response["Location"] == f"/imports/{job.pk}/preview/"
    job.refresh_from_db()
    assert job.status == "mapped" and job.column_mapping == {
        "commune_code": 0,
        "code": 1,
        "name": 2,
    }
    preview = client.get(response["Location"]).content.decode()
    assert "T60" in preview and "B: Số hiệu" in preview
    client.post(f"/imports/{job.pk}/start/", {"mode": "all_or_nothing"})
    job.refresh_from_db()
    assert job.status == "done" and job.mode == "all_or_nothing" and job.stored_rows == 2
    assert Location.objects.filter(parent=world.C1, code__in=["T60", "T61"]).count() == 2


def test_user_picks_the_header_row_when_none_is_recognised(world, client):
    rows = [
        ["SỔ THEO DÕI THÔN"],
        [],
        ["Xã", "Số", "Tên gọi", "Ghi chú"],
        ["22001", "T70", "Thôn Bảy Mươi", "mới"],
    ]
    response = upload(client, rows, header=None)
    job = ImportJob.objects.get()
    # Nothing recognised: the first full-width row is proposed, the user confirms or picks.
    assert job.status == "uploaded" and job.header_row == 3 and job.column_mapping == {}
    assert (
        'name="header_row" value="3"' in client.get(f"/imports/{job.pk}/columns/").content.decode()
    )
    page = client.get(f"/imports/{job.pk}/columns/?header_row=1")
    assert "A: SỔ THEO DÕI THÔN" in page.content.decode()
    page = client.get(f"/imports/{job.pk}/columns/?header_row=3")
    body = page.content.decode()
    assert "A: Xã" in body and "C: Tên gọi" in body
    assert 'name="header_row" value="3"' in body
    response = client.post(
        f"/imports/{job.pk}/columns/",
        {"header_row": 3, "col_commune_code": "0", "col_code": "1", "col_name": "2"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.header_row == 3 and job.header_cells == ["Xã", "Số", "Tên gọi", "Ghi chú"]
    preview = client.get(f"/imports/{job.pk}/preview/")
    assert [row.number for row in preview.context["rows"]] == [4]
    assert not preview.context["rows"][0].has_errors


def test_mapping_refuses_one_column_for_two_items_and_a_missing_required_one(world, client):
    upload(client, [["22001", "T60", "Thôn"]], header=["Mã xã", "Số hiệu", "Tên thôn"])
    job = ImportJob.objects.get()
    response = client.post(
        f"/imports/{job.pk}/columns/",
        {"header_row": 1, "col_commune_code": "0", "col_code": "0", "col_name": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already chosen for “Mã xã”" in errors["col_code"][0]
    assert "Choose the column of the file that holds “Tên thôn”" in errors["col_name"][0]
    job.refresh_from_db()
    assert job.status == "uploaded"


def test_recognised_file_can_still_be_remapped_before_starting(world, client):
    upload(client, [["22001", "T60", "Thôn", ""]])
    job = ImportJob.objects.get()
    assert job.status == "mapped"
    assert client.get(f"/imports/{job.pk}/columns/").status_code == 200
    client.post(f"/imports/{job.pk}/start/")
    assert client.get(f"/imports/{job.pk}/columns/")["Location"] == f"/imports/{job.pk}/"
