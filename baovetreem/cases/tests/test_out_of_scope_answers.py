"""A case or a child out of the user's reach answers every URL exactly as an id that does not
exist (404, or the same 403 when the user lacks the permission whatever the id): no status
tells that the record is there."""

from __future__ import annotations

import pytest
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.cases.models import Case
from baovetreem.cases.tests.conftest import open_case
from baovetreem.registry.models import Child

MISSING = 999_999
CASE_URLS = [
    ("get", "/cases/{pk}/"),
    ("post", "/cases/{pk}/assign/"),
    ("post", "/cases/{pk}/transition/verified/"),
    ("post", "/cases/{pk}/transition/no_such_step/"),
    ("get", "/cases/{pk}/break-glass/"),
    ("post", "/cases/{pk}/break-glass/"),
    ("post", "/cases/{pk}/transfer/"),
    ("post", "/cases/{pk}/attachments/"),
    ("get", "/cases/{pk}/attachments/1/"),
    ("post", "/cases/{pk}/proposals/1/confirm/"),
    ("get", "/cases/{pk}/child/search/"),
    ("post", "/cases/{pk}/child/link/"),
    ("post", "/cases/{pk}/child/unlink/"),
    ("get", "/cases/{pk}/child/new/"),
    ("get", "/cases/{pk}/documents/01.docx"),
    ("get", "/cases/{pk}/documents/02.docx"),
    ("get", "/referrals/case/{pk}/"),
    ("post", "/referrals/case/{pk}/refer/"),
    ("post", "/referrals/case/{pk}/legal-aid/"),
    ("post", "/cases/transfers/{pk}/accept/"),
]
CASE_API = [
    ("get", "/api/v1/cases/{pk}"),
    ("post", "/api/v1/cases/{pk}/transitions"),
    ("post", "/api/v1/cases/{pk}/child"),
]
CHILD_URLS = [
    ("get", "/registry/{pk}/"),
    ("get", "/registry/{pk}/edit/"),
    ("post", "/registry/{pk}/move/"),
    ("post", "/registry/{pk}/status/"),
    ("post", "/registry/{pk}/delete/"),
    ("post", "/registry/{pk}/restore/"),
    ("post", "/registry/{pk}/purge/"),
    ("post", "/registry/{pk}/groups/"),
    ("post", "/registry/{pk}/supports/"),
    ("post", "/registry/{pk}/measurements/"),
    ("get", "/registry/{pk}/carers/new/"),
    ("get", "/registry/duplicates/{pk}/1/merge/"),
]
CHILD_API = [("get", "/api/v1/registry/children/{pk}"), ("patch", "/api/v1/registry/children/{pk}")]
API_BODY = {"to_state": "verified", "version": 1, "child_id": 1, "data": {}}


def _api(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _differences(send, urls, pk) -> list:
    """The URLs whose status for ``pk`` differs from their status for an id nobody has."""
    found = []
    for method, url in urls:
        there, missing = send(method, url.format(pk=pk)), send(method, url.format(pk=MISSING))
        # A 403 for lacking a permission whatever the id is no oracle; only a difference is.
        if there.status_code != missing.status_code:
            found.append((url, there.status_code, missing.status_code))
    return found


@pytest.mark.parametrize(
    "persona", ["xa2", "xa3", "ctv1", "canbo", "giamsat", "tongdai", "tongdai_q", "tinh", "kiemtra"]
)
def test_records_out_of_reach_answer_as_ids_that_do_not_exist(client_for, world, kids, persona):
    user = getattr(world, persona)
    # A case in each of C1, C2 and C3, each received by its own commune.
    cases = [open_case(getattr(world, o), v) for o, v in (("xa1", world.V1a),
             ("xa2", world.V2a), ("xa3", world.V3a))]  # fmt: skip
    page, api = client_for(persona), _api(user)

    def on_page(method, url):
        return getattr(page, method)(url, {"x": "1"})

    def over_api(method, url):
        return getattr(api, method)(url, API_BODY, content_type="application/json")

    found = []
    for case in cases:
        if Case.objects.visible_to(user).filter(pk=case.pk).exists():
            continue
        if Case.objects.break_glass_candidate(user, case.pk) is not None:
            # Who may break the glass on it is asked for a reason: the right reveals it by design.
            continue
        found += _differences(on_page, CASE_URLS, case.pk)
        found += _differences(over_api, CASE_API, case.pk)
    for child in kids.values():
        if Child.all_objects.restrict(user, "view").filter(pk=child.pk).exists():
            continue
        found += _differences(on_page, CHILD_URLS, child.pk)
        found += _differences(over_api, CHILD_API, child.pk)
    assert found == []
