"""axe-core finds no serious or critical accessibility problem (contrast, names of buttons and
links, labels, landmarks) on the main pages of every persona, on a 375 px phone and a desktop."""

from __future__ import annotations

import datetime as dt

import pytest

from baovetreem.testing.axe import serious_violations
from baovetreem.testing.personas import PERSONAS

pytestmark = [pytest.mark.browser]

SIZES = [(375, 740), (1280, 860)]


@pytest.fixture
def records(world, kids):
    """A child in an at-risk group and a case walked to its risk assessment, worked by canbo."""
    from baovetreem.cases import services
    from baovetreem.cases.models import CaseState
    from baovetreem.cases.tests.conftest import open_case, step
    from baovetreem.registry.models import Group, GroupKind
    from baovetreem.registry.services.groups import add_membership

    for kind in (GroupKind.SPECIAL, GroupKind.AT_RISK):
        group = Group.objects.filter(kind=kind, is_active=True).order_by("order", "code").first()
        add_membership(world.xa1, kids["an"], group=group, start_date=dt.date(2024, 1, 1))
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    services.assign(world.xa1, case, world.canbo)
    case = step(world.canbo, case, CaseState.VERIFIED)
    case = step(world.canbo, case, CaseState.INITIAL_ASSESSMENT)
    return {"child": kids["an"], "case": case}


def _pages(page, persona: str, records) -> list[str]:
    """Home, every entry of the persona's menu, and the record pages their work opens."""
    links = page.locator("nav.mainnav a").evaluate_all("links => links.map(a => a.pathname)")
    child, case = records["child"], records["case"]
    extra = {
        "xa1": [f"/registry/{child.pk}/", f"/cases/{case.pk}/", "/registry/new/", "/cases/new/"],
        "ctv1": [f"/registry/{child.pk}/", "/registry/new/"],
        "canbo": [f"/cases/{case.pk}/"],
        "giamsat": [f"/cases/{case.pk}/"],
        "tinh": ["/locations/"],
        "kiemtra": ["/audit/"],
    }
    return list(dict.fromkeys(["/", *links, *extra.get(persona, [])]))


@pytest.mark.parametrize("persona", [attribute for attribute, *_ in PERSONAS])
def test_main_pages_have_no_serious_accessibility_violation(
    live_server, transactional_db, world, records, page, sign_in, persona
):
    found = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        if width == SIZES[0][0]:
            sign_in(persona)
        for url in _pages(page, persona, records):
            assert page.goto(f"{live_server.url}{url}").ok, url
            found += [f"{width}px {url}: {v}" for v in serious_violations(page)]
            # Nothing wider than the screen (a phone would scroll sideways).
            if page.evaluate("document.documentElement.scrollWidth") > width:
                found.append(f"{width}px {url}: wider than the screen")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width,height", SIZES)
def test_sign_in_and_error_pages_have_no_serious_accessibility_violation(
    live_server, transactional_db, world, page, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    found = []
    for url in ("/accounts/login/", "/no-such-page/"):
        page.goto(f"{live_server.url}{url}")
        found += [f"{url}: {v}" for v in serious_violations(page)]
    assert not found, "\n".join(found)
