"""xa2 (commune C2) must not reach anything of xa1's commune C1 — and gets 404, not 403."""

import pytest

from baovetreem.locations.models import Location


@pytest.mark.parametrize(
    "url",
    [
        "/locations/{C1}/",
        "/locations/{V1a}/",
        "/locations/{C1}/villages/new/",
        "/locations/villages/{V1a}/edit/",
        "/api/v1/locations/{V1a}",
    ],
)
def test_other_commune_officer_gets_404(world, client_for, url):
    url = url.format(C1=world.C1.pk, V1a=world.V1a.pk)
    client = client_for("xa2")
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": "X1", "name": "Thôn lạ", "kind": "thon"}).status_code in {
        404,
        405,
    }
    world.V1a.refresh_from_db()
    assert world.V1a.name == "Thôn Một"
    assert not Location.objects.filter(code="X1").exists()


def test_other_commune_is_absent_from_lists_and_search(world, client_for):
    client = client_for("xa2")
    page = client.get("/locations/").content.decode()
    assert "Thôn Đông" in page and "Thôn Một" not in page and "Xã An Bình" not in page
    page = client.get("/locations/", {"q": "mot"}).content.decode()
    assert "Thôn Một" not in page
    api = client.get("/api/v1/locations/").json()
    assert {item["name"] for item in api["items"]} == {"Xã Đông Hải", "Thôn Đông"}


def test_collaborator_sees_only_own_village(world, client_for):
    client = client_for("ctv1")
    assert client.get(f"/locations/{world.V1a.pk}/").status_code == 200
    assert client.get(f"/locations/{world.V1b.pk}/").status_code == 404
    assert client.get(f"/locations/{world.C1.pk}/").status_code == 404


def test_location_list_has_constant_queries(world, client_for, django_assert_max_num_queries):
    client = client_for("tinh")
    for n in range(30):
        Location(
            level="village", kind="thon", code=f"N{n}", name=f"Thôn {n}", parent=world.C2
        ).save()
    with django_assert_max_num_queries(12):
        assert client.get("/locations/").status_code == 200
