"""Bulk reads by the pages go through one helper (``audit.reads``): capped pages, one audit event
each. The walks below make a new list page that forgets it fail."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.paginator import Page
from django.db import models, transaction
from django.template.context import Context
from django.test import Client
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver

import baovetreem
from baovetreem.accounts.models import User
from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.reads import MAX_PAGE_SIZE, TooManyShown, read_found, read_page
from baovetreem.locations.models import Location
from baovetreem.testing.children import make_child
from baovetreem.testing.reads import events_since, ids_of, last_event_id, one_read

# --- the helper ----------------------------------------------------------------------------


def test_a_page_is_never_longer_than_the_cap_whatever_the_view_asks(world):
    page = read_page(world.admin, Location.objects.order_by("pk"), "1", per_page=100_000)
    assert len(page) <= MAX_PAGE_SIZE
    event = AuditEvent.objects.get(action=AuditAction.LIST)
    assert event.after["ids"] == ids_of(page) and event.after["total"] == Location.objects.count()


def test_a_search_showing_more_than_the_cap_is_refused(world):
    with pytest.raises(TooManyShown), transaction.atomic():
        read_found(world.admin, lambda: list(range(MAX_PAGE_SIZE + 1)), model=Location)
    assert not AuditEvent.objects.filter(action=AuditAction.LIST).exists()


def test_an_automatic_hint_that_found_nothing_is_not_recorded(world):
    read_found(world.admin, list, model=Location, record_empty=False)
    assert not AuditEvent.objects.filter(action=AuditAction.LIST).exists()


# --- the auditor's own reading -------------------------------------------------------------


def test_reading_the_audit_log_is_itself_a_recorded_read(world, client_for):
    client = client_for("kiemtra")
    response, event = one_read(client, "/audit/", {"action": "login"})
    assert event.actor == world.kiemtra and event.object_type == "audit.auditevent"
    assert event.after["filters"] == {"action": "login"}
    assert event.after["ids"] == ids_of(response.context["page"])


def test_opening_an_audit_event_is_a_recorded_view(world, client_for):
    client = client_for("kiemtra")
    seen = AuditEvent.objects.filter(actor=world.kiemtra).latest("id")
    _, event = one_read(client, f"/audit/{seen.pk}/", action=AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("audit.auditevent", str(seen.pk))


def test_an_audit_event_out_of_reach_is_a_404_and_no_record(world, client_for):
    client = client_for("kiemtra")
    outside = AuditEvent.objects.create(action=AuditAction.VIEW, location_path=world.Q.path)
    before = last_event_id()
    assert client.get(f"/audit/{outside.pk}/").status_code == 404
    assert events_since(before) == []


# --- every list page reads through the helper ------------------------------------------------

ROOT = Path(baovetreem.__file__).parent
VIEW_MODULES = sorted(
    p for p in ROOT.glob("*/*views.py") if p.parent.name not in {"api", "testing", "demo"}
)
# Views that page through records holding no personal data: nothing to audit.
NOT_PERSONAL_VIEWS = {
    "locations/views.py:location_list": "administrative units",
    "imports/views.py:job_list": "the user's own import jobs: file names and counters",
    "imports/export_views.py:export_list": "the user's own export jobs",
    "cases/views.py:alert_list": "the user's own deadline alerts: case numbers and dates",
    "referrals/views.py:provider_list": "the directory of organisations: no child's data",
}


def _paginators_built_by_views() -> set[str]:
    found = set()
    for path in VIEW_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in tree.body:
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                    if name.endswith("Paginator"):
                        found.add(f"{path.parent.name}/{path.name}:{function.name}")
    return found


def test_no_view_builds_a_paginator_but_through_the_audited_reads():
    built = _paginators_built_by_views()
    assert built <= set(NOT_PERSONAL_VIEWS), (
        "Page through personal data with audit.reads.read_page (or list the view, with why, "
        f"in NOT_PERSONAL_VIEWS): {sorted(built - set(NOT_PERSONAL_VIEWS))}"
    )
    assert "registry/views.py:child_list" not in built  # the scan does see the views


# Pages without path arguments that show records of a personal-data model but are not reads of
# other people's data.
NOT_PERSONAL_PAGES = {
    "/": "the home page: the user's own roles and counts",
    "/accounts/me/": "the user's own profile",
    "/referrals/providers/": "the directory of organisations: no child's data",
    "/locations/": "administrative units",
    "/imports/": "the user's own import jobs",
    "/imports/exports/": "the user's own export jobs",
}
SKIPPED = ("/api/", "/django-admin/", "/i18n/", "/accounts/login/", "/accounts/logout/")


def _plain_urls() -> list[str]:
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield "/" + prefix + str(entry.pattern)

    return sorted(
        url
        for url in set(walk(get_resolver().url_patterns))
        if "<" not in url and "(" not in url and not url.startswith(SKIPPED)
    )


def _is_personal(model) -> bool:
    return model is not Location and (
        hasattr(model, "scope_path_field") or hasattr(model, "audit_location_path")
    )


def _records_in(response) -> list[tuple[str, object]]:
    """(context name, value) of every list of personal-data records the page rendered."""
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    found = []
    for context in contexts:
        flat = context.flatten() if isinstance(context, Context) else {}
        for name, value in flat.items():
            rows = value.object_list if isinstance(value, Page) else value
            model = getattr(rows, "model", None)
            if model is None and isinstance(rows, list | tuple) and rows:
                model = type(rows[0]) if isinstance(rows[0], models.Model) else None
            if isinstance(model, type) and _is_personal(model):
                found.append((name, value))
    return found


@pytest.fixture
def everything(world, kids):
    """A little of every kind of record, and a superuser who sees them all."""
    from baovetreem.cases.services import receive_report
    from baovetreem.hotline.services import log_contact, record_press_item
    from baovetreem.hotline.tests.conftest import contact_data
    from baovetreem.registry.services import create_household, delete_child

    receive_report(
        world.xa1,
        {
            "received_at": dt.datetime(2026, 4, 29, 10, tzinfo=dt.UTC),
            "channel": "phone",
            "classification": "abused",
            "child_name": "Bé Na",
            "child_sex": "female",
            "what_happened": "Trẻ bị đánh.",
            "suspected_relationship": "relative",
        },
        location=world.V1a,
    )
    log_contact(world.tongdai, contact_data(world.C1))
    record_press_item(
        world.tongdai,
        {
            "published_on": dt.date(2026, 4, 1),
            "outlet": "Báo",
            "title": "Tin",
            "location": world.C1,
        },
    )
    create_household(world.xa1, village=world.V1a, head_name="Nguyễn Văn Ba")
    delete_child(world.xa1, make_child(world.V1a, "Nhập Nhầm", dt.date(2020, 1, 1)), reason="x")
    return User.objects.create_superuser("sieu", password="x", email="")


@pytest.mark.parametrize("url", _plain_urls())
def test_every_page_that_lists_personal_data_writes_one_capped_read(everything, url):
    client = Client()
    client.force_login(everything)
    before = last_event_id()
    response = client.get(url, {"page_size": 100_000, "per_page": 100_000, "limit": 100_000})
    if response.status_code != 200:
        return
    shown = _records_in(response)
    reads = [e for e in events_since(before) if e.action == AuditAction.LIST]
    for _name, value in shown:
        if isinstance(value, Page):
            assert len(value) <= MAX_PAGE_SIZE, url
    if not shown or url in NOT_PERSONAL_PAGES:
        return
    assert len(reads) == 1, f"{url} lists {[n for n, _v in shown]} but wrote {len(reads)} reads"


def test_the_page_walk_finds_the_list_pages():
    urls = _plain_urls()
    assert {"/registry/", "/cases/", "/hotline/log/", "/audit/", "/accounts/users/"} <= set(urls)
