"""A case reaches only its assigned users, view-all roles of its area, and the operator who
received it (the report only); everyone else gets a 404, and every open is audited."""

import pytest

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.tests.conftest import open_case, step


@pytest.fixture
def hotline_case(world):
    """A report about a child of V1a received by the hotline operator of province P."""
    return open_case(world.tongdai, world.V1a)


def _routes(case):
    return [
        ("get", f"/cases/{case.pk}/"),
        ("post", f"/cases/{case.pk}/transition/verified/"),
        ("post", f"/cases/{case.pk}/transition/approved/"),
        ("post", f"/cases/{case.pk}/transition/closed/"),
    ]


@pytest.mark.parametrize("persona", ["ctv1", "xa2", "tongdai_q", "canbo", "kiemtra", "tinh"])
def test_outsiders_get_404_on_every_case_route(client_for, world, case, hotline_case, persona):
    client = client_for(persona)
    for target in (case, hotline_case):
        for method, url in _routes(target):
            response = getattr(client, method)(
                url, {"verified-version": target.version, "verified-findings": "x"}
            )
            if persona == "canbo" and method == "get":
                # A case worker of the commune may break the glass: asked for a reason first.
                assert response["Location"] == f"/cases/{target.pk}/break-glass/"
                continue
            assert response.status_code == 404, (persona, url)
        target.refresh_from_db()
        assert target.state == CaseState.RECEIVED and target.version == 1
    listed = client.get("/cases/")
    assert listed.status_code == 200
    assert list(listed.context["page"]) == []
    assert list(client.get("/cases/overdue/").context["page"]) == []


def test_visible_to_is_the_one_rule(world, case, hotline_case):
    visible = lambda name: set(Case.objects.visible_to(getattr(world, name)))  # noqa: E731
    assert visible("xa1") == visible("giamsat") == {case, hotline_case}
    assert visible("tongdai") == {hotline_case}
    assert visible("canbo") == visible("ctv1") == visible("xa2") == visible("tongdai_q") == set()
    assert set(Case.objects.visible_to(world.tongdai, full=True)) == set()


def test_assigned_case_worker_sees_the_case(client_for, world, case):
    assert client_for("canbo").get(f"/cases/{case.pk}/").status_code == 302  # break the glass
    services.assign(world.xa1, case, world.canbo)
    assert client_for("canbo").get(f"/cases/{case.pk}/").status_code == 200
    with pytest.raises(services.PermissionDenied):
        services.assign(world.xa2, case, world.xa2)


def test_hotline_operator_sees_the_report_they_received_not_the_file(client_for, world):
    case = open_case(world.tongdai, world.V1a, reporter_consent=True, reporter_name="Chị Lan")
    step(world.xa1, case, CaseState.VERIFIED)
    response = client_for("tongdai").get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert not response.context["full"] and response.context["steps"] == []
    assert "Chị Lan" in response.content.decode()
    assert "Đã đến nhà" not in response.content.decode()  # the verification's findings
    response = client_for("tongdai").post(
        f"/cases/{case.pk}/transition/initial_assessment/",
        {"initial_assessment-version": 2, "initial_assessment-harm": "x"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED


def test_every_open_of_a_case_is_audited(client_for, world, case, hotline_case):
    for persona, target in (("xa1", case), ("giamsat", case), ("tongdai", hotline_case)):
        before = AuditEvent.objects.filter(action="view", object_id=str(target.pk)).count()
        assert client_for(persona).get(f"/cases/{target.pk}/").status_code == 200
        event = AuditEvent.objects.filter(action="view", object_type="cases.case").first()
        assert event.object_id == str(target.pk) and event.actor == getattr(world, persona)
        assert AuditEvent.objects.filter(action="view", object_id=str(target.pk)).count() == (
            before + 1
        )


def test_reporter_contact_hidden_without_consent_on_the_page(client_for, world):
    case = open_case(world.xa1, world.V1a, reporter_name="Chị Lan")
    page = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    assert "Chị Lan" not in page


def test_commune_officer_assigns_a_case_worker_through_the_page(client_for, world, case):
    client = client_for("xa1")
    form = client.get(f"/cases/{case.pk}/").context["assign_form"]
    assert world.canbo in form.fields["user"].queryset
    assert world.ctv1 not in form.fields["user"].queryset
    response = client.post(f"/cases/{case.pk}/assign/", {"user": world.canbo.pk, "role": "worker"})
    assert response.status_code == 302
    assert client_for("canbo").get(f"/cases/{case.pk}/").status_code == 200
    assert client_for("canbo").get(f"/cases/{case.pk}/").context["assign_form"] is None


@pytest.mark.parametrize("persona", ["ctv1", "xa2", "tongdai_q"])
def test_outsiders_cannot_assign_themselves(client_for, world, case, persona):
    client = client_for(persona)
    response = client.post(
        f"/cases/{case.pk}/assign/", {"user": getattr(world, persona).pk, "role": "worker"}
    )
    assert response.status_code == 404
    assert case.assignments.count() == 1


def test_hotline_operator_list_shows_no_case_state(client_for, world, hotline_case):
    step(world.xa1, hotline_case, CaseState.VERIFIED)
    page = client_for("tongdai").get("/cases/")
    assert [c.full_access for c in page.context["page"]] == [False]
    assert page.content.decode().count('class="muted report-only"') == 1
