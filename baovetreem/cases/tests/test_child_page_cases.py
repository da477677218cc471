"""A child's page in the register lists the child's cases (number, category, state, link) to who
may open them, and says nothing about them (no list, no count, no heading) to anyone else."""

import re

import pytest

from baovetreem.accounts.services import provision_user
from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.tests.conftest import open_case, step


@pytest.fixture
def an_cases(world, kids):
    """Two cases about Nguyễn Văn An (one closed after verification), received by xa1 and
    worked by the case worker canbo, and a case about another child."""
    an = kids["an"]
    first = open_case(world.xa1, world.V1a, child=an)
    services.assign(world.xa1, first, world.canbo)
    second = open_case(world.xa1, world.V1a, child=an, classification="abandonment")
    second = step(world.xa1, second, CaseState.VERIFIED)
    other = open_case(world.xa1, world.V1b, child=kids["hoa"])
    return {"an": an, "cases": [first, second], "other": other}


@pytest.fixture
def unassigned_worker(world):
    """A case worker of the same commune who is assigned to none of An's cases."""
    return provision_user(
        username="canbo2", password="x-12345678", role_code="case_worker", location=world.C1
    )


def child_page(client, child) -> str:
    response = client.get(f"/registry/{child.pk}/")
    assert response.status_code == 200
    # Tokens change per request; everything else of the page is compared as shown.
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


@pytest.mark.parametrize("persona", ["xa1", "giamsat"])
def test_who_sees_every_case_of_the_commune_sees_the_childs_cases(
    world, an_cases, client_for, persona
):
    page = child_page(client_for(persona), an_cases["an"])
    first, second = an_cases["cases"]
    for case in (first, second):
        assert case.code in page
        assert f'href="/cases/{case.pk}/"' in page
    assert "Bị xâm hại" in page  # the category of the first report
    assert str(second.report.get_classification_display()) in page
    assert str(CaseState(first.state).label) in page
    assert str(CaseState.VERIFIED.label) in page
    assert an_cases["other"].code not in page  # another child's case


def test_assigned_case_worker_sees_only_the_cases_they_work_on(world, an_cases, client_for):
    page = child_page(client_for("canbo"), an_cases["an"])
    first, second = an_cases["cases"]
    assert first.code in page and f'href="/cases/{first.pk}/"' in page
    assert second.code not in page


@pytest.mark.parametrize("persona", ["ctv1", "unassigned_worker"])
def test_who_may_not_open_the_cases_learns_nothing_about_them(
    world, an_cases, client_for, unassigned_worker, persona
):
    from django.test import Client

    if persona == "unassigned_worker":
        client = Client()
        client.force_login(unassigned_worker)
    else:
        client = client_for(persona)
    with_cases = child_page(client, an_cases["an"])
    for case in an_cases["cases"]:
        assert case.code not in with_cases
        assert f"/cases/{case.pk}/" not in with_cases
    # Not even that there are cases: the page is the same as when the child has none.
    Case.objects.filter(child=an_cases["an"]).update(child=None)
    assert child_page(client, an_cases["an"]) == with_cases


def test_the_listed_cases_are_recorded_as_read(world, an_cases, client_for):
    child_page(client_for("xa1"), an_cases["an"])
    event = AuditEvent.objects.filter(object_type="cases.case", action="list").latest("pk")
    assert sorted(event.after["ids"]) == sorted(str(c.pk) for c in an_cases["cases"])
