"""Indicator figures over the API: scoped like the dashboard, refused in Vietnamese."""

import datetime as dt

from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.indicators.tests import stories as s

D = dt.date


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_commune_officer_reads_their_communes_figures_by_sex(world):
    s.child(world.V1a, D(2018, 1, 1), "male")
    s.child(world.V1b, D(2019, 1, 1), "female")
    s.child(world.V2a, D(2019, 1, 1), "female")
    client = _client(world.xa1)
    response = client.get(
        "/api/v1/indicators/values",
        {"unit_id": world.C1.pk, "period": "2025-S1/14", "codes": "children", "breakdown": "sex"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["start"], body["end"]) == ("2024-12-15", "2025-06-14")
    assert {f["key"]: f["numerator"] for f in body["figures"]} == {"female": 1, "male": 1}


def test_commune_officer_gets_403_for_another_commune(world):
    response = _client(world.xa1).get(
        "/api/v1/indicators/values", {"unit_id": world.C2.pk, "period": "2025-S1/14"}
    )
    assert response.status_code == 403


def test_a_window_ending_before_it_starts_is_refused_in_vietnamese(world):
    response = _client(world.tinh).get(
        "/api/v1/indicators/values",
        {"unit_id": world.P.pk, "start": "2025-03-01", "end": "2025-02-01"},
    )
    assert response.status_code == 400
    assert "trước ngày bắt đầu" in response.json()["errors"]["__all__"][0]


def test_definitions_say_which_indicators_cannot_be_computed_yet(world):
    rows = _client(world.tinh).get("/api/v1/indicators/definitions").json()
    preschool = next(r for r in rows if r["code"] == "preschool_3_5_pct")
    assert preschool["computable"] is False and preschool["needs"]
