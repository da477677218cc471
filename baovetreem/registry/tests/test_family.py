import pytest
from django.core.exceptions import ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.registry import family, services
from baovetreem.registry.models import Carer, Household, HouseholdPoverty


@pytest.fixture
def homes(world, kids):
    own = services.create_household(world.xa1, village=world.V1a, head_name="Nguyễn Văn Ba")
    other = services.create_household(world.xa2, village=world.V2a, head_name="Phạm Văn Tư")
    kids["an"].household = own
    kids["an"].save()
    return {"own": own, "other": other}


@pytest.mark.parametrize("route", ["/registry/households/{pk}/", "/registry/households/{pk}/edit/"])
def test_households_of_another_commune_are_404(client_for, homes, route):
    client = client_for("xa1")
    assert client.get(route.format(pk=homes["other"].pk)).status_code == 404
    assert (
        client.post(
            route.format(pk=homes["other"].pk), {"head_name": "X", "year": 2026, "status": "poor"}
        ).status_code
        == 404
    )
    assert Household.objects.get(pk=homes["other"].pk).head_name == "Phạm Văn Tư"
    assert not HouseholdPoverty.objects.exists()


def test_household_list_is_scoped(client_for, homes):
    page = client_for("xa1").get("/registry/households/").context["page"]
    assert [h.head_name for h in page] == ["Nguyễn Văn Ba"]


def test_poverty_status_by_year_is_recorded_and_audited(world, homes, client_for):
    response = client_for("ctv1").post(
        f"/registry/households/{homes['own'].pk}/", {"year": 2026, "status": "near_poor"}
    )
    assert response.status_code == 302
    family.set_poverty(world.xa1, homes["own"], year=2025, status="poor")
    assert homes["own"].poverty_on(2026) == "near_poor" and homes["own"].poverty_on(2025) == "poor"
    family.set_poverty(world.xa1, homes["own"], year=2026, status="none")
    assert homes["own"].poverty_on(2026) == "none"
    assert AuditEvent.objects.filter(object_type="registry.householdpoverty").count() == 3


def test_carer_details_change_and_search_follows(world, kids, client_for):
    child = kids["an"]
    response = client_for("ctv1").post(
        f"/registry/{child.pk}/carers/new/",
        {
            "relationship": "father",
            "full_name": "Nguyễn  Văn Cường",
            "works_away": "on",
            "birth_year": 1985,
        },
    )
    assert response.status_code == 302
    carer = Carer.objects.get(child=child)
    assert carer.full_name == "Nguyễn Văn Cường" and carer.works_away
    child.refresh_from_db()
    assert "nguyen van cuong" in child.search_text
    family.update_carer(world.xa1, carer, {"in_prison": True, "works_away": False})
    carer.refresh_from_db()
    assert carer.in_prison and not carer.works_away
    event = AuditEvent.objects.filter(object_type="registry.carer", action="update").get()
    assert event.before["in_prison"] is False and event.after["in_prison"] is True


def test_carer_of_a_child_in_another_village_cannot_be_added(world, kids, client_for):
    response = client_for("ctv1").post(
        f"/registry/{kids['hoa'].pk}/carers/new/", {"relationship": "mother", "full_name": "X"}
    )
    assert response.status_code == 404
    assert not Carer.objects.exists()


def test_bad_carer_data_is_refused_clearly(world, kids):
    with pytest.raises(ValidationError) as exc:
        family.add_carer(
            world.xa1, kids["an"], {"relationship": "mother", "full_name": " ", "birth_year": 1850}
        )
    assert set(exc.value.message_dict) == {"full_name", "birth_year"}
    assert not Carer.objects.exists()


def test_renaming_the_head_of_household_updates_the_childrens_search(world, homes, kids):
    family.update_household(world.xa1, homes["own"], {"head_name": "Nguyễn Văn Bảy"})
    kids["an"].refresh_from_db()
    assert "nguyen van bay" in kids["an"].search_text
