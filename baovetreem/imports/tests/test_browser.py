"""The import journey on a phone, in a real browser, with the real background worker."""

from __future__ import annotations

import re

import pytest

from baovetreem.imports.tests.helpers import HEADER, run_worker, xlsx_bytes
from baovetreem.locations.models import Location
from baovetreem.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser]


def test_commune_officer_imports_a_register_from_a_phone(
    live_server, transactional_db, world, browser, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    register = tmp_path / "so-thon.xlsx"
    register.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["22001", "T80", "Thôn Tám Mươi", "01/01/2020"],
                ["22001", "", "Thôn Không Mã", ""],
                ["22001", "T81", "Thôn Tám Mốt", ""],
            ],
            title_rows=[["SỔ THEO DÕI THÔN, TỔ DÂN PHỐ"]],
        )
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "xa1")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].btn")
        page.wait_for_url(re.compile(r"/$"))

        page.goto(f"{live_server.url}/imports/new/tests.villages/")
        page.set_input_files("input[type=file]", str(register))
        page.click("button[type=submit].btn")
        page.wait_for_url(re.compile(r"/imports/\d+/$"))
        run_worker()  # the worker reads the file; the status page goes on to the preview
        page.wait_for_url(re.compile(r"/imports/\d+/preview/$"))
        assert "T80" in page.inner_text("main")
        assert page.locator("tr.bad").count() == 1  # the row without a code
        # Nothing wider than the phone but the scrollable table.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1

        page.click("form[action$='/start/'] button[type=submit]")
        page.wait_for_url(re.compile(r"/imports/\d+/$"))
        assert page.locator("#import-progress[hx-trigger]").count() == 1

        run_worker()  # the worker finishes; the polling box notices and reloads the page
        page.wait_for_selector("table.list >> text=Mã thôn", timeout=15000)
        assert page.locator("#import-progress[hx-trigger]").count() == 0
        assert "2" in page.inner_text(".counters")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    except Exception:
        from baovetreem.testing.browser import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "import_journey_phone.png"), full_page=True)
        raise
    finally:
        context.close()
    assert set(
        Location.objects.filter(parent=world.C1, code__in=["T80", "T81"]).values_list(
            "code", flat=True
        )
    ) == {"T80", "T81"}


def test_an_oversized_file_is_refused_before_it_is_sent(
    live_server, transactional_db, world, page, tmp_path, monkeypatch
):
    from baovetreem.core import tabular
    from baovetreem.imports.models import ImportJob

    monkeypatch.setattr(tabular, "MAX_UPLOAD_BYTES", 1000)
    big = tmp_path / "lon.csv"
    big.write_bytes(b"Ma xa,Ma thon,Ten thon\n" + b"22001,T1,Thon\n" * 500)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "xa1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"{live_server.url}/imports/new/tests.villages/")
    page.set_input_files("input[type=file]", str(big))
    page.click("#upload-button")
    assert page.locator("#file-size-error").is_visible()
    assert page.url.endswith("/imports/new/tests.villages/")
    assert not page.locator("#upload-button").is_disabled()
    assert ImportJob.objects.count() == 0
