"""Bulk reads of personal data by the pages: a list, a search box, a picker, a file of rows.

Every such page reads through ``read_page`` (paginated lists) or ``read_found`` (a search's or a
record's few rows): the page is capped at ``MAX_PAGE_SIZE`` rows whatever the query string says,
read, and recorded as one ``AuditAction.LIST`` event (who, which filter, how many matched, which
ids were shown) in the transaction that read it. A view never builds a paginator itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models, transaction

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import _common_path, record, record_read
from baovetreem.core.paging import CappedPaginator

# No page shows more records than this, whatever a view or the query string asks for.
MAX_PAGE_SIZE = 100


class TooManyShown(ValueError):
    """A page tried to show more than ``MAX_PAGE_SIZE`` records: slice before reading."""


def reading():
    """The transaction of a read and its audit event.

    Pages do not run in ATOMIC_REQUESTS, so this is usually the transaction itself. Inside an
    enclosing one it adds no savepoint (so a read costs one query more, the insert): nothing in
    a read is caught, and a failure inside rolls the enclosing transaction back too.
    """
    return transaction.atomic(savepoint=False)


def area_of(user, perm: str) -> str:
    """The deepest unit holding every place where ``user`` holds ``perm``: where to file a read
    whose records do not know their unit cheaply (users), without a query per record."""
    return _common_path(user.scope_paths(perm)) if hasattr(user, "scope_paths") else ""


def filters_of(form, **defaults: Any) -> dict:
    """The filters a list page applied: the valid form's values over ``defaults`` (those the
    page applies when a field is left empty or the form is not valid)."""
    data = dict(defaults)
    if form is not None and form.is_bound and form.is_valid():
        data.update({k: v for k, v in form.cleaned_data.items() if _given(v)})
    return data


def _given(value: Any) -> bool:
    return value not in (None, "", False) and value != [] and value != {}


def _record(
    user,
    model: type[models.Model] | str,
    shown: list,
    *,
    filters: dict | None,
    total: int | None,
    location_path: str | None,
    note: str,
    limit: int | None,
) -> None:
    if limit is not None and len(shown) > limit:
        raise TooManyShown(f"{len(shown)} records on one page; at most {limit} may be shown")
    record_read(
        user,
        model,
        shown,
        filters={k: v for k, v in (filters or {}).items() if _given(v)},
        total=total,
        note=note,
        location_path=location_path,
    )


def read_page(
    user,
    rows,
    number,
    *,
    per_page: int,
    filters: dict | None = None,
    model: type[models.Model] | str | None = None,
    load: Callable[[list], list] | None = None,
    shown: Callable[[list], Iterable] | None = None,
    paginator_class: type[Paginator] = CappedPaginator,
    location_path: str | None = None,
    note: str = "",
) -> Page:
    """Page ``number`` of ``rows`` (at most MAX_PAGE_SIZE a page), read and recorded as one
    LIST event in the same transaction.

    ``load`` turns the page's rows into what the template shows (e.g. loads the two children of
    each duplicate pair); ``shown`` gives the records (or ids) to record, the rows by default.
    ``location_path`` files the event under a known unit instead of the records' common unit.
    """
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    with reading():
        page = paginator_class(rows, per_page).get_page(number)
        objects = list(page.object_list)
        if load is not None:
            objects = list(load(objects))
        page.object_list = objects
        _record(
            user,
            model or rows.model,
            list(shown(objects)) if shown else objects,
            filters=filters,
            total=page.paginator.count,
            location_path=location_path,
            note=note,
            limit=None,  # per_page is capped above
        )
    return page


def read_found(
    user,
    search: Callable[[], Any],
    *,
    model: type[models.Model] | str,
    filters: dict | None = None,
    shown: Callable[[Any], Iterable] | None = None,
    total: Callable[[Any], int] | None = None,
    record_empty: bool = True,
    location_path: str | None = None,
    note: str = "",
    limit: int | None = MAX_PAGE_SIZE,
):
    """Run ``search`` and record what it found as one LIST event in the same transaction;
    returns what ``search`` returned.

    For reads that are not pages: a search box's first results, a household's children, likely
    duplicates, a file of rows (``limit=None``). ``shown`` gives the records (or ids) shown, the
    result itself by default; more than ``limit`` is a programming error (``TooManyShown``).
    With ``record_empty=False`` a search that found nothing (an automatic hint) is not recorded.
    """
    with reading():
        found = search()
        objects = list(shown(found)) if shown else list(found)
        if objects or record_empty:
            _record(
                user,
                model,
                objects,
                filters=filters,
                total=total(found) if total else len(objects),
                location_path=location_path,
                note=note,
                limit=limit,
            )
    return found


def read_one(user, lookup: Callable[[], Any], *, note: str = ""):
    """Run ``lookup`` and record the opening of the record it returns (a VIEW event) in the same
    transaction; for a page that shows one record's personal data outside its detail page.

    ``lookup`` returns None when nothing is found, and the view raises Http404 afterwards:
    an exception inside would spoil an enclosing transaction (see ``reading``).
    """
    with reading():
        obj = lookup()
        if obj is not None:
            record(user, AuditAction.VIEW, obj, note=note)
    return obj
