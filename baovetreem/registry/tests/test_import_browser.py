"""Re-importing a register in a real browser, on a phone and on a desk: rows already in the
register are marked in the preview and the officer chooses what to do with them."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

from baovetreem.imports.tests.helpers import run_worker
from baovetreem.registry.models import Child

pytestmark = [pytest.mark.browser]


def _register(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["SỔ THEO DÕI TRẺ EM — THÔN MỘT, THÔN HAI"])
    sheet.append(["Thôn", "Họ và tên trẻ em", "Ngày sinh", "Giới tính", "Dân tộc"])
    sheet.append(["T01", "Nguyễn Văn An", "04/05/2019", "Nam", "Kinh"])  # row 3: already there
    sheet.append(["T02", "Nguyễn Văn An", "05/05/2019", "Nam", "Kinh"])  # row 4: likely the same
    sheet.append(["T02", "Hà Thị Mới", "2020", "Nữ", "Ê Đê"])  # row 5: new
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("width", [375, 1280])
def test_officer_reimports_a_register_and_chooses_for_rows_already_in_it(
    live_server, transactional_db, world, kids, page, sign_in, tmp_path, settings, width
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page.set_viewport_size({"width": width, "height": 800})
    register = tmp_path / "so-thon.xlsx"
    _register(register)
    sign_in("xa1")
    page.goto(f"{live_server.url}/imports/new/registry.children/")
    page.set_input_files("input[type=file]", str(register))
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    run_worker()
    page.wait_for_url(re.compile(r"/imports/\d+/preview/$"))
    main = page.inner_text("main")
    assert "đã có trong sổ" in main and "có thể là cùng một trẻ" in main
    assert "Ê-đê (Ê Đê)" in main and "female" not in main
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # Skip for all (the default), but row 4 is another child: add it anyway.
    page.select_option("select[name=row_4]", "add")
    page.click("form[action$='/start/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    run_worker()
    page.wait_for_selector("#import-progress:not([hx-trigger])", timeout=15000)
    assert "đã có trong sổ" in page.inner_text("main")
    assert Child.objects.filter(full_name="Nguyễn Văn An").count() == 2
    assert Child.objects.filter(full_name="Hà Thị Mới", birth_date_precision="year").exists()
