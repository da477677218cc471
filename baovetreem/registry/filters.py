"""Filtering the register list (the same filters feed the page, the export and the API)."""

from __future__ import annotations

import datetime as dt

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from baovetreem.core.models import subtree_q
from baovetreem.registry.models import ChildStatus, GroupMembership, Measurement


def years_ago(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29/2 becomes 28/2)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_aged(day: dt.date, low: int, high: int) -> Q:
    """Children aged ``low`` to ``high`` completed years on ``day``."""
    return Q(date_of_birth__gt=years_ago(day, high + 1), date_of_birth__lte=years_ago(day, low))


MATERIALISE_LIMIT = 20_000


def active_membership(group, day: dt.date) -> Q:
    """Children with a membership of ``group`` (or a sub-group) open on ``day``.

    A semi-join on the (small) membership table: far cheaper than a correlated EXISTS over a
    million children.
    """
    members = (
        GroupMembership.objects.filter(Q(group=group) | Q(group__parent=group), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("child_id", flat=True)
    )
    # Read the (usually short) member list first: the planner then fetches those children by
    # primary key instead of walking the whole register in name order.
    ids = list(members[: MATERIALISE_LIMIT + 1])
    if len(ids) <= MATERIALISE_LIMIT:
        return Q(pk__in=ids)
    return Q(pk__in=members)


def apply_child_filters(children: QuerySet, data: dict, day: dt.date, user) -> QuerySet:
    """Narrow ``children`` (already scoped) by the cleaned ChildFilterForm ``data`` on ``day``."""
    from baovetreem.registry.search import search_children

    if data.get("village"):
        vendor = connections[children.db].vendor
        children = children.filter(subtree_q("scope_path", data["village"].path, vendor))
    if data.get("group"):
        children = children.filter(active_membership(data["group"], day))
    if data.get("at_risk"):
        children = children.filter(active_membership(data["at_risk"], day))
    if data.get("age"):
        low, high = (int(part) for part in data["age"].split("-"))
        children = children.filter(born_aged(day, low, high))
    if data.get("sex"):
        children = children.filter(sex=data["sex"])
    status = data.get("status") or ""
    if status == "":
        children = children.filter(status=ChildStatus.LIVING_HERE)
    elif status != "all":
        children = children.filter(status=status)
    missing = data.get("missing")
    if missing == "insurance":
        children = children.filter(born_aged(day, 0, 5)).filter(
            Q(insurance_number="") | Q(insurance_valid_until__lt=day)
        )
    elif missing == "birth_registration":
        children = children.filter(birth_registered_on__isnull=True)
    elif missing == "late_registration":
        children = children.filter(birth_registered_on_time=False)
    elif missing == "personal_id":
        children = children.filter(personal_id__isnull=True)
    elif missing == "measurement":
        children = children.filter(born_aged(day, 0, 4)).exclude(
            Exists(Measurement.objects.filter(child=OuterRef("pk")))
        )
    elif missing == "measurement_this_year":
        measured = Measurement.objects.filter(
            child=OuterRef("pk"), measured_on__gte=day.replace(month=1, day=1)
        )
        children = children.filter(born_aged(day, 0, 4)).exclude(Exists(measured))
    if data.get("q"):
        children = children.filter(pk__in=search_children(user, data["q"]).values("pk"))
    return children
