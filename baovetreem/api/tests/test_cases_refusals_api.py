"""Over the API too, a step refused to who reads only the report says nothing of the case's
state: one status and one body whatever step is asked for and whatever step the case is at."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.cases.models import CaseState
from baovetreem.cases.tests.conftest import STEP_DATA
from baovetreem.cases.tests.test_refusals import _assert_no_state_named, _walked_case


def _client(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _json_ready(data: dict) -> dict:
    return json.loads(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    )


def test_report_only_reader_gets_one_refusal_on_every_api_step_whatever_the_state(world):
    client = _client(world.tongdai)
    answers = set()
    for case in _walked_case(world):
        for to_state in [*CaseState.values, "no_such_step"]:
            payload = {
                "to_state": to_state,
                "version": case.version,
                "data": _json_ready(STEP_DATA.get(to_state, {})),
            }
            response = client.post(
                f"/api/v1/cases/{case.pk}/transitions",
                payload,
                content_type="application/json",
            )
            answers.add((response.status_code, response.content.decode()))
    assert len(answers) == 1, answers
    status, body = answers.pop()
    assert status == 403
    _assert_no_state_named(json.loads(body)["detail"])
