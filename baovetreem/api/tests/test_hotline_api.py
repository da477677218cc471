import datetime as dt

from django.test import Client
from django.utils import timezone

from baovetreem.accounts.models import ApiToken
from baovetreem.hotline.models import Contact


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _call(world, **extra):
    data = {
        "received_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
        "duration_seconds": 270,
        "line": "111",
        "caller_type": "neighbour",
        "topic_code": "violence.physical",
        "location_id": world.C1.pk,
        "summary": "Hàng xóm báo trẻ bị đánh",
        "outcome": "counselling",
    }
    data.update(extra)
    return data


def test_operator_pushes_a_call_and_lists_it(world):
    client = _client(world.tongdai)
    response = client.post(
        "/api/v1/hotline/contacts", _call(world), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.operator == world.tongdai and contact.duration_seconds == 270
    assert [c["id"] for c in client.get("/api/v1/hotline/contacts").json()["items"]] == [contact.pk]
    counts = client.get("/api/v1/hotline/counts", {"start": "2026-01-01", "end": "2026-12-31"})
    assert counts.status_code == 200 and counts.json()["counts"]


def test_operator_of_another_province_cannot_push_or_see_the_call(world):
    _client(world.tongdai).post(
        "/api/v1/hotline/contacts", _call(world), content_type="application/json"
    )
    other = _client(world.tongdai_q)
    response = other.post("/api/v1/hotline/contacts", _call(world), content_type="application/json")
    assert response.status_code == 404
    assert other.get("/api/v1/hotline/contacts").json()["items"] == []
    assert Contact.objects.count() == 1


def test_bad_calls_are_refused_and_nothing_is_stored(world):
    client = _client(world.tongdai)
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert (
        client.post(
            "/api/v1/hotline/contacts",
            _call(world, received_at=future),
            content_type="application/json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/hotline/contacts",
            _call(world, topic_code="nope"),
            content_type="application/json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/hotline/contacts", _call(world), content_type="application/json"
        ).status_code
        == 201
    )
    assert _client(world.ctv1).post(
        "/api/v1/hotline/contacts", _call(world), content_type="application/json"
    ).status_code in {403, 404}
    assert Contact.objects.count() == 1
