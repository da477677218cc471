from django.test import Client

from baovetreem.accounts.models import ApiToken


def test_api_refuses_anonymous_callers(world):
    assert Client().get("/api/v1/locations/").status_code == 401


def test_api_token_gives_the_same_scope_as_the_pages(world):
    _, key = ApiToken.issue(world.xa2)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    names = {item["name"] for item in client.get("/api/v1/locations/").json()["items"]}
    assert names == {"Xã Đông Hải", "Thôn Đông"}
    assert client.get(f"/api/v1/locations/{world.V1a.pk}").status_code == 404
    assert client.get("/api/v1/me").json()["username"] == "xa2"


def test_revoked_or_wrong_tokens_are_refused(world):
    from django.utils import timezone

    token, key = ApiToken.issue(world.xa2)
    token.revoked_at = timezone.now()
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/me").status_code == 401


def test_tokens_are_stored_hashed(world):
    token, key = ApiToken.issue(world.xa2)
    assert key not in token.key_hash and len(token.key_hash) == 64


def test_openapi_schema_is_served(client_for):
    schema = client_for("xa1").get("/api/v1/openapi.json").json()
    assert "/api/v1/locations/" in schema["paths"]
