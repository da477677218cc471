"""Whatever JSON, garbage or extreme value a caller sends, the API answers with a status below
500: refused input is a 4xx in the project's shape, never a server error. A bounded property
test (a few seconds), run on SQLite and PostgreSQL like every test."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baovetreem.accounts.models import ApiToken
from baovetreem.api.cases import ReportIn, TransitionIn
from baovetreem.api.hotline import ContactIn
from baovetreem.api.registry import ChildIn, ChildPatch, HouseholdIn
from baovetreem.cases.tests.conftest import open_case
from baovetreem.testing.children import make_child

EXTREMES = st.sampled_from(
    [
        None,
        "",
        0,
        -1,
        2**31,
        2**63,
        10**30,
        1e30,
        -(10**30),
        "1e30",
        "0001-01-01",
        "9999-12-31",
        "0001-01-01T00:00:00+07:00",
        "9999-12-31T23:59:59-12:00",
        "x" * 300,
        "a\x00b",
        "\ud800",
        [],
        {},
        True,
    ]
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | EXTREMES
)
ANY_JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _objects(schema) -> st.SearchStrategy:
    """JSON objects with some of ``schema``'s fields, each holding anything."""
    fields = {name: LEAVES | ANY_JSON for name in schema.model_fields}
    return st.fixed_dictionaries({}, optional=fields)


def _queries(names) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={n: st.text(max_size=12) | EXTREMES for n in names})


def _query_value(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    # A URL carries bytes: a lone surrogate arrives as invalid UTF-8, which Django replaces.
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


CHILDREN = "/api/v1/registry/children"
# (method, URL, persona, inputs): every writing endpoint and every list.
TARGETS = [
    ("post", CHILDREN, "xa1", _objects(ChildIn)),
    ("patch", CHILDREN + "/{child}", "xa1", _objects(ChildPatch)),
    ("post", "/api/v1/registry/households", "xa1", _objects(HouseholdIn)),
    ("post", "/api/v1/hotline/contacts", "tongdai", _objects(ContactIn)),
    ("post", "/api/v1/cases/reports", "tongdai", _objects(ReportIn)),
    ("post", "/api/v1/cases/{case}/transitions", "xa1", _objects(TransitionIn)),
    ("post", "/api/v1/cases/{case}/child", "xa1", ANY_JSON),
    ("get", CHILDREN, "xa1", _queries(["q", "village", "status", "limit", "offset"])),
    ("get", "/api/v1/registry/households", "xa1", _queries(["q", "village", "offset"])),
    ("get", "/api/v1/cases", "xa1", _queries(["state", "overdue", "limit"])),
    ("get", "/api/v1/hotline/contacts", "tongdai", _queries(["outcome", "offset"])),
    ("get", "/api/v1/hotline/counts", "tongdai", _queries(["start", "end"])),
    ("get", "/api/v1/locations/", "xa1", _queries(["level", "q", "parent"])),
    ("get", "/api/v1/me", "xa1", _queries(["x"])),
]


@pytest.fixture
def setting(world) -> dict:
    """A child, a case and the callers' tokens, made once for all examples."""
    child = make_child(world.V1a, "Nguyễn Văn An", dt.date(2019, 5, 4))
    case = open_case(world.xa1, world.V1a)
    keys = {name: ApiToken.issue(getattr(world, name))[1] for name in ["xa1", "tongdai"]}
    return {"child": child.pk, "case": case.pk, "keys": keys}


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_gets_a_server_error(setting, data):
    target = data.draw(st.sampled_from(range(len(TARGETS))), label="endpoint")
    method, url, persona, inputs = TARGETS[target]
    url = url.format(child=setting["child"], case=setting["case"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {setting['keys'][persona]}")
    with transaction.atomic():  # each example starts from the same data
        if method == "get":
            query = {k: _query_value(v) for k, v in data.draw(inputs, label="query").items()}
            response = client.get(url, query)
        elif data.draw(st.booleans(), label="raw bytes"):
            body = data.draw(st.binary(max_size=40), label="body")
            response = getattr(client, method)(url, body, content_type="application/json")
        else:
            body = json.dumps(data.draw(inputs, label="body"))
            response = getattr(client, method)(url, body, content_type="application/json")
        transaction.set_rollback(True)
    assert response.status_code < 500, (method, url, response.content[:300])
    if response.status_code in {400, 422}:
        assert response.json()["detail"]
