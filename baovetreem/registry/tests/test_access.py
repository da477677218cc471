"""A collaborator of village A, or an officer of another commune, never reaches a child of B."""

import pytest

from baovetreem.registry.models import Child

CHILD_ROUTES = [
    ("get", "/registry/{pk}/"),
    ("get", "/registry/{pk}/edit/"),
    ("post", "/registry/{pk}/edit/"),
    ("get", "/registry/{pk}/move/"),
    ("get", "/registry/{pk}/status/"),
    ("post", "/registry/{pk}/groups/"),
    ("post", "/registry/{pk}/supports/"),
    ("post", "/registry/{pk}/measurements/"),
]


@pytest.mark.parametrize("method,route", CHILD_ROUTES)
@pytest.mark.parametrize(
    "persona,target", [("ctv1", "hoa"), ("xa2", "an"), ("xa1", "binh"), ("tongdai_q", "an")]
)
def test_child_outside_scope_is_404_on_every_route(
    client_for, kids, persona, target, method, route
):
    child = kids[target]
    client = client_for(persona)
    response = getattr(client, method)(route.format(pk=child.pk), {"full_name": "X"})
    assert response.status_code in {403, 404}
    if persona != "tongdai_q":  # has no registry permission at all: 403 is right for them
        assert response.status_code == 404
    child.refresh_from_db()
    assert child.full_name != "X" and child.version == 1


def test_lists_and_search_show_only_the_scope(client_for, kids):
    names = lambda r: {c.full_name for c in r.context["page"]}  # noqa: E731
    assert names(client_for("ctv1").get("/registry/")) == {"Nguyễn Văn An", "Trần Thị Dũng"}
    assert names(client_for("xa1").get("/registry/")) == {
        "Nguyễn Văn An",
        "Trần Thị Dũng",
        "Lê Thị Hoa",
    }
    assert names(client_for("xa2").get("/registry/", {"q": "nguyen van an"})) == set()
    assert names(client_for("ctv1").get("/registry/", {"q": "hoa"})) == set()


def test_people_without_registry_rights_are_refused(client_for, kids):
    assert client_for("tongdai").get("/registry/").status_code == 403
    assert client_for("kiemtra").get(f"/registry/{kids['an'].pk}/").status_code == 403


def test_collaborator_cannot_register_a_child_in_another_village(client_for, world):
    response = client_for("ctv1").post(
        "/registry/new/",
        {
            "village": world.V1b.pk,
            "full_name": "Bé Mới",
            "sex": "male",
            "date_of_birth": "01/01/2024",
            "birth_date_precision": "day",
            "ethnicity": "01",
            "parents_status": "unknown",
        },
    )
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert not Child.objects.filter(full_name="Bé Mới").exists()


def test_list_page_has_constant_queries(client_for, world, django_assert_max_num_queries):
    import datetime as dt

    from baovetreem.registry.models import Group
    from baovetreem.registry.services import add_membership
    from baovetreem.testing.children import make_child

    client = client_for("xa1")
    for n in range(30):
        child = make_child(world.V1a, f"Trẻ Số {n}", dt.date(2018, 1, 1) + dt.timedelta(days=n))
        add_membership(
            world.xa1, child, group=Group.objects.get(code="d2"), start_date=dt.date(2024, 1, 1)
        )
    # 17 to read the page, and the insert of its audit event.
    with django_assert_max_num_queries(18):
        response = client.get("/registry/", {"group": Group.objects.get(code="d").pk})
    assert response.context["page"].paginator.count == 30
