"""Input the database cannot hold is refused with a 4xx in the project's error shape before it
reaches a query, on SQLite and PostgreSQL alike: ids and offsets past 64 bits, ``null`` for a
text that cannot be empty, dates whose arithmetic overflows, texts longer than their column,
NUL characters, and bodies over the upload limit (413)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.api.registry import ChildPatch
from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case, CaseState, CaseTransition
from baovetreem.cases.tests.conftest import STEP_DATA, open_case, step
from baovetreem.hotline.models import Contact
from baovetreem.registry.models import Child, Household

HUGE = 10**30  # past any 64-bit column


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _refused(response, field: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert body["detail"] == "invalid", body
    if field is not None:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field])
    return body


def _child(world, **extra) -> dict:
    data = {
        "village_id": world.V1a.pk,
        "full_name": "Bé Mới",
        "sex": "female",
        "date_of_birth": "2024-01-01",
    }
    data.update(extra)
    return data


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


# (a) ids and offsets beyond the database's integers ------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/registry/children/99999999999999999999", "pk"),
        ("/api/v1/registry/households/99999999999999999999", "pk"),
        ("/api/v1/locations/99999999999999999999", "pk"),
        ("/api/v1/cases/99999999999999999999", "pk"),
        (f"/api/v1/registry/children?offset={HUGE}", "offset"),
        ("/api/v1/registry/children?offset=1e30", "offset"),
        ("/api/v1/registry/children?offset=-1", "offset"),
        (f"/api/v1/registry/households?village={HUGE}", "village"),
        (f"/api/v1/registry/children?village={HUGE}", "village"),
        (f"/api/v1/locations/?parent={HUGE}", "parent"),
        (f"/api/v1/cases?offset={HUGE}", "offset"),
        (f"/api/v1/hotline/contacts?offset={HUGE}", "offset"),
    ],
)
def test_ids_and_offsets_past_64_bits_are_refused(world, url, field):
    _refused(_client(world.tinh).get(url), field)


def test_the_largest_64_bit_offset_still_answers_an_empty_page(world, kids):
    response = _client(world.xa1).get("/api/v1/registry/children", {"offset": 2**63 - 1})
    assert response.status_code == 200 and response.json()["items"] == []


def test_ids_past_64_bits_in_bodies_are_refused_and_nothing_is_stored(world, kids):
    xa1, tongdai = _client(world.xa1), _client(world.tongdai)
    _refused(_post(xa1, "/api/v1/registry/children", _child(world, village_id=HUGE)), "village_id")
    _refused(
        _post(xa1, "/api/v1/registry/children", _child(world, household_id=HUGE)), "household_id"
    )
    _refused(
        _post(xa1, "/api/v1/registry/households", {"village_id": HUGE, "head_name": "A"}),
        "village_id",
    )
    _refused(
        _post(tongdai, "/api/v1/cases/reports", {"location_id": world.V1a.pk, "child_id": HUGE}),
        "child_id",
    )
    case = open_case(world.xa1, world.V1a)
    _refused(
        _post(xa1, f"/api/v1/cases/{case.pk}/child", {"child_id": HUGE, "version": 1}), "child_id"
    )
    _refused(
        _post(xa1, f"/api/v1/cases/{case.pk}/transitions", {"to_state": "x", "version": HUGE}),
        "version",
    )
    assert Child.objects.count() == len(kids) and not Household.objects.exists()
    assert Case.objects.count() == 1


# (b) null for a text that cannot be empty, in PATCH -------------------------------------------

NOT_NULLABLE = [name for name in ChildPatch.model_fields if not Child._meta.get_field(name).null]


@pytest.mark.parametrize("field", NOT_NULLABLE)
def test_patch_refuses_null_for_every_field_that_cannot_be_empty(world, kids, field):
    child = kids["an"]
    before = Child.objects.values().get(pk=child.pk)
    events = AuditEvent.objects.count()
    response = _client(world.xa1).patch(
        f"/api/v1/registry/children/{child.pk}",
        {"version": child.version, field: None},
        content_type="application/json",
    )
    _refused(response, field)
    assert Child.objects.values().get(pk=child.pk) == before
    assert AuditEvent.objects.count() == events


def test_patch_clears_a_nullable_field_with_null(world, kids):
    child = kids["an"]
    child.insurance_valid_until = dt.date(2027, 1, 1)
    child.save()
    response = _client(world.xa1).patch(
        f"/api/v1/registry/children/{child.pk}",
        {"version": child.version, "insurance_valid_until": None},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    child.refresh_from_db()
    assert child.insurance_valid_until is None


# (c) dates whose arithmetic overflows -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "9999-12-31"), ("2026-01-01", "9999-12-31")]
)
def test_call_counts_refuse_dates_out_of_range(world, start, end):
    response = _client(world.tongdai).get("/api/v1/hotline/counts", {"start": start, "end": end})
    _refused(response, "end")


def test_dates_out_of_range_in_bodies_are_refused_and_nothing_is_stored(world, kids):
    xa1, tongdai = _client(world.xa1), _client(world.tongdai)
    for name in ["date_of_birth", "birth_registered_on", "insurance_valid_until"]:
        for day in ["0001-01-01", "9999-12-31"]:
            response = _post(xa1, "/api/v1/registry/children", _child(world, **{name: day}))
            _refused(response, name)
    for when in ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59+07:00"]:
        report = {"location_id": world.V1a.pk, "received_at": when, "what_happened": "Bị đánh"}
        _refused(_post(tongdai, "/api/v1/cases/reports", report), "received_at")
        call = {
            "received_at": when,
            "line": "111",
            "caller_type": "neighbour",
            "topic_code": "violence.physical",
            "location_id": world.C1.pk,
            "outcome": "counselling",
        }
        _refused(_post(tongdai, "/api/v1/hotline/contacts", call), "received_at")
    assert Child.objects.count() == len(kids)
    assert not Case.objects.exists() and not Contact.objects.exists()


def test_a_plan_reviewed_in_year_one_is_refused_so_the_deadline_scan_keeps_working(world):
    case = open_case(world.xa1, world.V1a)
    for state in [CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT, CaseState.DETAILED_ASSESSMENT]:
        case = step(world.xa1, case, state)
    data = {**STEP_DATA[CaseState.PLANNING], "review_on": "0001-01-01"}
    data["services"] = [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in s.items()}
        for s in data["services"]
    ]
    response = _post(
        _client(world.xa1),
        f"/api/v1/cases/{case.pk}/transitions",
        {"to_state": "planning", "version": case.version, "data": data},
    )
    _refused(response, "review_on")
    assert not CaseTransition.objects.filter(case=case, to_state=CaseState.PLANNING).exists()


# Lengths, text and size ------------------------------------------------------------------------


def test_a_million_character_name_is_refused_before_the_database(world, kids):
    response = _post(
        _client(world.xa1), "/api/v1/registry/children", _child(world, full_name="x" * 1_000_000)
    )
    body = _refused(response, "full_name")
    assert body["errors"]["full_name"] == ["Chỉ được nhập tối đa 150 ký tự."]
    assert Child.objects.count() == len(kids)


def test_a_text_longer_than_its_column_is_refused_in_patch_too(world, kids):
    child = kids["an"]
    response = _client(world.xa1).patch(
        f"/api/v1/registry/children/{child.pk}",
        {"version": child.version, "grade": "x" * 11},
        content_type="application/json",
    )
    _refused(response, "grade")
    child.refresh_from_db()
    assert child.grade == ""


def test_null_characters_are_refused_in_fields_and_in_step_data(world):
    xa1 = _client(world.xa1)
    _refused(_post(xa1, "/api/v1/registry/children", _child(world, notes="a\x00b")), "notes")
    _refused(xa1.get("/api/v1/registry/children", {"q": "a\x00b"}), "q")
    case = open_case(world.xa1, world.V1a)
    data = {"findings": "Đã đến\x00 nhà", "child_safe": True}
    response = _post(
        xa1,
        f"/api/v1/cases/{case.pk}/transitions",
        {"to_state": "verified", "version": case.version, "data": data},
    )
    _refused(response, "data")
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED


def test_a_body_over_the_upload_limit_is_answered_413_before_it_is_read(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
    body = _child(world, notes="y" * 2_700_000)
    for client in [_client(world.xa1), Client()]:
        response = _post(client, "/api/v1/registry/children", body)
        assert response.status_code == 413
        assert "2" in response.json()["detail"]
    assert not Child.objects.exists()


def test_a_body_that_is_not_json_is_a_400_in_the_project_shape(world):
    response = _client(world.xa1).post(
        "/api/v1/registry/children", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "invalid",
        "errors": {"body": [response.json()["errors"]["body"][0]]},
    }


def test_every_input_in_the_schema_is_bounded(client_for):
    """A new endpoint that forgets the bounds fails here: every text has a maximum length or a
    list of values, every integer a maximum, every date a format."""
    schema = client_for("xa1").get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    problems = []

    def check(where: str, prop: dict) -> None:
        options = prop.get("anyOf") or [prop]
        for option in options:
            if "$ref" in option:
                continue
            kind = option.get("type")
            if kind == "string" and not ({"maxLength", "enum", "format", "const"} & set(option)):
                problems.append(where)
            if kind == "integer" and "maximum" not in option:
                problems.append(where)

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                check(f"{method} {path} ?{parameter['name']}", parameter["schema"])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                for field, prop in components[name]["properties"].items():
                    check(f"{method} {path} {field}", prop)
    assert problems == []
