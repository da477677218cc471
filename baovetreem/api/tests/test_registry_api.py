import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.audit.models import AuditEvent
from baovetreem.registry.models import Child


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_collaborator_lists_and_searches_only_own_village(world, kids):
    client = _client(world.ctv1)
    names = {c["full_name"] for c in client.get("/api/v1/registry/children").json()["items"]}
    assert names == {"Nguyễn Văn An", "Trần Thị Dũng"}
    found = client.get("/api/v1/registry/children", {"q": "hoa"}).json()["items"]
    assert found == []
    assert client.get(f"/api/v1/registry/children/{kids['hoa'].pk}").status_code == 404


def test_other_commune_gets_404_for_read_and_write(world, kids):
    client = _client(world.xa2)
    pk = kids["an"].pk
    assert client.get(f"/api/v1/registry/children/{pk}").status_code == 404
    response = client.patch(
        f"/api/v1/registry/children/{pk}",
        {"version": 1, "grade": "9"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/registry/children",
        {
            "village_id": world.V1a.pk,
            "full_name": "Bé Lạ",
            "sex": "male",
            "date_of_birth": "2024-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Child.objects.filter(full_name="Bé Lạ").exists()


def test_create_validates_in_vietnamese_and_audits(world):
    client = _client(world.ctv1)
    bad = client.post(
        "/api/v1/registry/children",
        {
            "village_id": world.V1a.pk,
            "full_name": "Bé Tương Lai",
            "sex": "female",
            "date_of_birth": "2099-01-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "tương lai" in bad.json()["errors"]["date_of_birth"][0]
    good = client.post(
        "/api/v1/registry/children",
        {
            "village_id": world.V1a.pk,
            "full_name": "Bé Mới",
            "sex": "female",
            "date_of_birth": "2024-01-01",
        },
        content_type="application/json",
    )
    assert good.status_code == 201
    assert AuditEvent.objects.filter(
        object_type="registry.child", object_id=str(good.json()["id"])
    ).exists()


def test_concurrent_update_through_the_api_is_a_409(world, kids):
    client = _client(world.xa1)
    url = f"/api/v1/registry/children/{kids['an'].pk}"
    assert (
        client.patch(
            url, {"version": 1, "grade": "1A"}, content_type="application/json"
        ).status_code
        == 200
    )
    response = client.patch(url, {"version": 1, "grade": "1B"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert {"field": "grade", "before": "", "after": "1A"} in response.json()["changes"]


def test_api_list_has_constant_queries(world, django_assert_max_num_queries):
    import datetime as dt

    from baovetreem.testing.children import make_child

    for n in range(25):
        make_child(world.V1a, f"Trẻ {n}", dt.date(2017, 1, 1) + dt.timedelta(days=n))
    client = _client(world.xa1)
    with django_assert_max_num_queries(9):  # 6 + the audited read's insert and savepoint
        assert client.get("/api/v1/registry/children").json()["count"] == 25


def test_issue_token_prints_a_working_token(world):
    out = io.StringIO()
    call_command("issue_token", "xa1", stdout=out)
    key = out.getvalue().strip()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").json()["username"] == "xa1"
    with pytest.raises(CommandError):
        call_command("issue_token", "khong_co")
