"""The pages: a case's referrals reach only who may read the case (404 for everyone else), every
open is audited, the refer form refuses without consent, the directory is scoped by location."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases import services as case_services
from baovetreem.referrals import services
from baovetreem.referrals.models import ProviderKind, Referral, ReferralStatus, ServiceProvider
from baovetreem.referrals.tests.conftest import consented, provider


@pytest.fixture
def referral(world, case, directory):
    return services.refer(world.xa1, case, directory["c1_health"], consented())


@pytest.fixture
def follow_up(world, case, directory):
    import datetime as dt

    return services.open_legal_aid(
        world.xa1,
        case,
        {"child_role": "victim", "lawyer_name": "Luật sư B", "started_on": dt.date(2026, 1, 5)},
    )


def _case_routes(case, referral, follow_up):
    return [
        ("get", f"/referrals/case/{case.pk}/"),
        ("post", f"/referrals/case/{case.pk}/refer/"),
        ("post", f"/referrals/case/{case.pk}/legal-aid/"),
        ("get", f"/referrals/{referral.pk}/"),
        ("post", f"/referrals/{referral.pk}/status/"),
        ("get", f"/referrals/legal-aid/{follow_up.pk}/"),
        ("post", f"/referrals/legal-aid/{follow_up.pk}/edit/"),
        ("post", f"/referrals/legal-aid/{follow_up.pk}/hearings/"),
    ]


@pytest.mark.parametrize("persona", ["xa2", "ctv1", "canbo", "tongdai", "tongdai_q", "tinh"])
def test_outsiders_get_404_on_every_case_referral_route(
    client_for, world, case, referral, follow_up, persona
):
    client = client_for(persona)
    for method, url in _case_routes(case, referral, follow_up):
        response = getattr(client, method)(url, {**consented(), "status": "accepted"})
        assert response.status_code == 404, (persona, url)
    assert Referral.objects.count() == 1
    assert Referral.objects.get().status == ReferralStatus.SENT
    assert not AuditEvent.objects.filter(
        actor=getattr(world, persona), action=AuditAction.VIEW
    ).exists()


def test_hotline_operator_who_received_the_report_does_not_see_its_referrals(
    client_for, world, directory
):
    from baovetreem.referrals.tests.conftest import open_case

    case = open_case(world.tongdai, world.V1a)
    assert client_for("tongdai").get(f"/referrals/case/{case.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["xa1", "giamsat"])
def test_case_referral_page_is_audited(client_for, world, case, referral, persona):
    response = client_for(persona).get(f"/referrals/case/{case.pk}/")
    assert response.status_code == 200
    assert referral.provider.name in response.content.decode()
    event = AuditEvent.objects.get(actor=getattr(world, persona), action=AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("cases.case", str(case.pk))
    # The supervisor does not refer, so sees no form.
    assert (response.context["refer_form"] is None) == (persona == "giamsat")


def test_assigned_case_worker_reaches_the_page(client_for, world, case, referral):
    case_services.assign(world.xa1, case, world.canbo)
    client = client_for("canbo")
    assert client.get(f"/referrals/case/{case.pk}/").status_code == 200
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    assert AuditEvent.objects.filter(actor=world.canbo, action=AuditAction.VIEW).count() == 2


def test_referral_detail_and_legal_aid_are_audited(client_for, world, referral, follow_up):
    client = client_for("xa1")
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/referrals/legal-aid/{follow_up.pk}/").status_code == 200
    notes = set(
        AuditEvent.objects.filter(actor=world.xa1, action=AuditAction.VIEW).values_list(
            "note", flat=True
        )
    )
    assert notes == {f"referral {referral.pk}", f"legal aid {follow_up.pk}"}


def test_refer_form_without_consent_shows_the_errors_and_stores_nothing(
    client_for, world, case, directory
):
    data = {**consented(consent_carer="", consent_child=""), "provider": directory["c1_health"].pk}
    data = {k: v for k, v in data.items() if v != ""}
    response = client_for("xa1").post(f"/referrals/case/{case.pk}/refer/", data)
    assert response.status_code == 400
    form = response.context["refer_form"]
    assert form.errors["consent_carer"] and form.errors["consent_child"]
    assert Referral.objects.count() == 0


def test_refer_form_offers_only_providers_serving_the_commune(client_for, case, directory):
    response = client_for("xa1").get(f"/referrals/case/{case.pk}/")
    offered = set(response.context["refer_form"].fields["provider"].queryset)
    assert offered == {directory["c1_health"], directory["p_legal"]}
    response = client_for("xa1").post(
        f"/referrals/case/{case.pk}/refer/",
        {**consented(), "provider": directory["c2_health"].pk},
    )
    assert response.status_code == 400 and Referral.objects.count() == 0


def test_refer_then_accept_and_complete_through_the_pages(client_for, case, directory):
    client = client_for("xa1")
    response = client.post(
        f"/referrals/case/{case.pk}/refer/",
        {**consented(), "provider": directory["c1_health"].pk},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    client.post(f"/referrals/{referral.pk}/status/", {"status": "accepted"})
    response = client.post(
        f"/referrals/{referral.pk}/status/", {"status": "completed", "feedback": "Xong."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.feedback == "Xong."


def test_status_form_offers_only_the_valid_next_statuses(client_for, referral):
    client = client_for("xa1")
    form = client.get(f"/referrals/{referral.pk}/").context["form"]
    assert [v for v, _ in form.fields["status"].choices] == ["accepted", "declined"]
    response = client.post(f"/referrals/{referral.pk}/status/", {"status": "completed"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_legal_aid_pages(client_for, case, directory):
    client = client_for("xa1")
    response = client.post(
        f"/referrals/case/{case.pk}/legal-aid/",
        {
            "child_role": "in_conflict",
            "provider": directory["p_legal"].pk,
            "started_on": "05/01/2026",
        },
    )
    assert response.status_code == 302
    follow_up_url = response["Location"]
    response = client.post(follow_up_url + "hearings/", {"held_on": "10/02/2026", "place": "TAND"})
    assert response.status_code == 302
    page = client.get(follow_up_url)
    assert "TAND" in page.content.decode()
    response = client.post(follow_up_url + "hearings/", {"held_on": "31/02/2026"})
    assert response.status_code == 400


# --- directory ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("xa1", {"c1_health", "p_legal"}),
        ("canbo", {"c1_health", "p_legal"}),
        ("xa2", {"c2_health", "p_legal"}),
        ("tinh", {"c1_health", "c2_health", "p_legal"}),
        ("tongdai_q", {"q_health"}),
    ],
)
def test_directory_is_scoped_by_location(client_for, directory, persona, expected):
    response = client_for(persona).get("/referrals/providers/")
    assert response.status_code == 200
    names = {directory[key].name for key in expected}
    assert {p.name for p in response.context["page"]} == names


def test_collaborator_has_no_directory(client_for, directory):
    assert client_for("ctv1").get("/referrals/providers/").status_code == 403


def test_directory_search_and_kind_filter(client_for, directory):
    client = client_for("tinh")
    found = client.get("/referrals/providers/", {"q": "xã Đông"}).context["page"]
    assert [p.name for p in found] == [directory["c2_health"].name]
    found = client.get("/referrals/providers/", {"q": "Đông Hải"}).context["page"]
    assert [p.name for p in found] == [directory["c2_health"].name]
    found = client.get("/referrals/providers/", {"kind": ProviderKind.LEGAL_AID}).context["page"]
    assert [p.name for p in found] == [directory["p_legal"].name]


def _directory_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/referrals/providers/").status_code == 200
    return len(queries)


def test_directory_list_runs_a_constant_number_of_queries(
    client_for, world, directory, django_assert_max_num_queries
):
    client = client_for("xa1")
    few = _directory_queries(client)
    for number in range(30):
        provider(world.C1 if number % 2 else world.P, f"Cơ sở {number:02d}")
    with django_assert_max_num_queries(few):
        client.get("/referrals/providers/")


def test_commune_officer_adds_providers_in_their_commune_only(client_for, world):
    client = client_for("xa1")
    form = client.get("/referrals/providers/new/").context["form"]
    assert set(form.fields["location"].queryset) == {world.C1}
    data = {"name": "Hội Liên hiệp Phụ nữ xã", "kind": "womens_union", "is_active": "on"}
    response = client.post("/referrals/providers/new/", {**data, "location": world.C2.pk})
    assert response.status_code == 200 and not ServiceProvider.objects.exists()
    response = client.post("/referrals/providers/new/", {**data, "location": world.C1.pk})
    assert response.status_code == 302
    created = ServiceProvider.objects.get()
    assert created.scope_path == world.C1.path
    assert AuditEvent.objects.filter(
        object_type="referrals.serviceprovider", action=AuditAction.CREATE
    ).exists()


def test_provincial_providers_are_kept_at_the_province(client_for, world, directory):
    client = client_for("xa1")
    assert client.get(f"/referrals/providers/{directory['p_legal'].pk}/edit/").status_code == 404
    assert client.get(f"/referrals/providers/{directory['c2_health'].pk}/edit/").status_code == 404
    response = client.post(
        f"/referrals/providers/{directory['c1_health'].pk}/edit/",
        {
            "name": "Trạm y tế xã An Bình (mới)",
            "kind": "health",
            "location": world.C1.pk,
            "phone": "0259 3 999 999",
        },
    )
    assert response.status_code == 302
    changed = ServiceProvider.objects.get(pk=directory["c1_health"].pk)
    assert changed.phone == "0259 3 999 999" and not changed.is_active
    event = AuditEvent.objects.get(object_type="referrals.serviceprovider")
    assert event.before["phone"] == "0259 3 123 456"
    assert (
        client_for("admin").get(f"/referrals/providers/{directory['p_legal'].pk}/edit/").status_code
        == 200
    )


@pytest.mark.parametrize("persona", ["canbo", "giamsat", "tinh", "ctv1"])
def test_who_may_not_keep_the_directory_cannot_add(client_for, persona):
    assert client_for(persona).get("/referrals/providers/new/").status_code == 403


def test_nav_shows_the_directory_to_who_may_read_it(client_for):
    def urls(name):
        return [i["url"] for i in client_for(name).get("/").context["nav_items"]]

    assert "/referrals/providers/" in urls("xa1") and "/referrals/providers/" in urls("tongdai")
    assert "/referrals/providers/" not in urls("ctv1")
