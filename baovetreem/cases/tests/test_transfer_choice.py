"""The transfer to another commune chooses the province, then one of its communes (type-ahead
with htmx, a reload without JavaScript), and no case page carries the country's 3,321 communes:
every main case page stays under 150 KB of HTML with the full unit tree loaded."""

from __future__ import annotations

import re

import pytest

from baovetreem.cases import services
from baovetreem.cases.models import CaseTransfer
from baovetreem.cases.tests.conftest import open_case
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Kind, Level, Location

MAX_PAGE_BYTES = 150 * 1024
PROVINCES = 34
COMMUNES = 3300  # with the personas' three: the 3,321 communes of 2025, and some


def _bulk_units(units: list[Location]) -> list[Location]:
    """Save many units at once, then give them their paths (``Location.save`` does it one by
    one, which would take 3,300 round trips)."""
    for unit in units:
        unit.name_normalized = normalize_name(unit.name)
    created = Location.objects.bulk_create(units)
    if created and created[0].pk is None:  # a backend that does not return ids
        created = list(Location.objects.filter(code__in=[u.code for u in units]))
    for unit in created:
        parent_path = unit.parent.path if unit.parent_id else "/"
        unit.path = f"{parent_path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
    Location.objects.bulk_update(created, ["path", "depth"])
    return created


@pytest.fixture
def country(world):
    """34 provinces (the personas' two among them) and 3,300 more communes, names as long as
    real ones ("Xã Tân Phước Hưng Đông")."""
    provinces = [world.P, world.Q] + _bulk_units(
        [
            Location(
                level=Level.PROVINCE, kind=Kind.TINH, code=f"9{i:02d}", name=f"Tỉnh Mẫu Số {i}"
            )
            for i in range(PROVINCES - 2)
        ]
    )
    words = ["Tân", "Phước", "Hưng", "Đông", "Tây", "Nam", "Bắc", "Thạnh", "Hòa", "An"]
    communes = [
        Location(
            level=Level.COMMUNE,
            kind=Kind.XA,
            code=f"8{i:04d}",
            name=f"Xã {words[i % 10]} {words[(i // 10) % 10]} {words[(i // 100) % 10]} {i}",
            parent=provinces[i % PROVINCES],
        )
        for i in range(COMMUNES)
    ]
    _bulk_units(communes)
    assert Location.objects.filter(level=Level.COMMUNE).count() >= 3300
    return provinces


def _pages(case) -> dict[str, list[str]]:
    return {
        "xa1": [
            f"/cases/{case.pk}/",
            "/cases/",
            "/cases/new/",
            "/cases/mine/",
            "/cases/overdue/",
            "/cases/alerts/",
            "/cases/transfers/",
        ],
        "giamsat": [f"/cases/{case.pk}/", "/cases/"],
        "tongdai": ["/cases/new/", "/cases/", f"/cases/{case.pk}/"],
        "xa2": ["/cases/transfers/"],
    }


def test_no_case_page_is_over_150_kb_with_the_full_unit_tree(client_for, world, country):
    case = open_case(world.tongdai, world.V1a)
    services.assign(world.xa1, case, world.canbo)
    for persona, urls in _pages(case).items():
        client = client_for(persona)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            size = len(response.content)
            assert size < MAX_PAGE_BYTES, f"{persona} {url}: {size / 1024:.0f} KB"
    step = client_for("xa1").get(
        f"/cases/{case.pk}/transfer/communes/", {"transfer_province": world.P.pk}
    )
    assert len(step.content) < MAX_PAGE_BYTES


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select.group(0))


def test_the_case_page_offers_the_provinces_not_the_communes(client_for, world, country):
    case = open_case(world.xa1, world.V1a)
    page = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    assert len(_options(page, "transfer_province")) == PROVINCES
    assert 'name="to_location"' not in page


def test_without_javascript_the_province_reloads_the_page_with_its_communes_only(client_for, world):
    case = open_case(world.xa1, world.V1a)
    page = (
        client_for("xa1")
        .get(f"/cases/{case.pk}/", {"transfer_province": world.Q.pk})
        .content.decode()
    )
    assert _options(page, "to_location") == ["Phường Ngọc Sơn"]
    assert f'name="province" value="{world.Q.pk}"' in page
    assert "<noscript>" in page  # the "show the communes" button for browsers without script


def test_typing_narrows_the_communes_of_the_province_accents_ignored(client_for, world):
    case = open_case(world.xa1, world.V1a)
    client = client_for("xa1")
    url = f"/cases/{case.pk}/transfer/communes/"
    every = client.get(url, {"transfer_province": world.P.pk}).content.decode()
    assert _options(every, "to_location") == ["Xã An Bình", "Xã Đông Hải"]
    narrowed = client.get(url, {"transfer_province": world.P.pk, "q": "dong ha"}).content.decode()
    assert _options(narrowed, "to_location") == ["Xã Đông Hải"]
    assert re.search(rf'<option value="{world.C2.pk}" selected>', narrowed)


def test_the_transfer_is_requested_with_a_province_and_one_of_its_communes(client_for, world):
    case = open_case(world.xa1, world.V1a)
    client = client_for("xa1")
    refused = client.post(
        f"/cases/{case.pk}/transfer/", {"province": world.P.pk, "to_location": world.C3.pk}
    )
    assert refused.status_code == 400
    assert "Hãy chọn một xã, phường của tỉnh trong danh sách." in refused.content.decode()
    assert not CaseTransfer.objects.exists()
    done = client.post(
        f"/cases/{case.pk}/transfer/", {"province": world.Q.pk, "to_location": world.C3.pk}
    )
    assert done.status_code == 302
    assert case.transfers.get().to_location == world.C3


@pytest.mark.parametrize("persona", ["canbo", "xa2", "tongdai", "ctv1"])
def test_only_the_case_officers_get_the_commune_step(client_for, world, persona):
    case = open_case(world.tongdai, world.V1a)
    services.assign(world.xa1, case, world.canbo)
    response = client_for(persona).get(
        f"/cases/{case.pk}/transfer/communes/", {"transfer_province": world.P.pk}
    )
    assert response.status_code == 404
