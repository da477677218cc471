"""ID numbers recorded on children of more than one commune (số định danh trùng giữa các xã): the
provincial officer's review of what no commune can see by itself.

A commune officer who types an ID number already held by a child of another commune or province
is not refused (``services.children.check_unique_id``): a refusal would reveal that child. The
two records then share the number, and this review lists each such number with the communes of
the reviewer's province holding it, so the provincial officer can ask each commune to look it up
in its own register: one child who moved (transfer and merge) or a mistyped number (correct it).
It shows numbers and communes, never a child's name or record; that a number is also recorded in
another province is said without saying where.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from baovetreem.locations.models import Location
from baovetreem.registry.models import Child

REVIEW_PERMISSION = "registry.review_shared_id"
LIMIT = 500  # numbers per reading of the review (most recent area records first)


@dataclass
class SharedId:
    """One ID number held by live records of more than one commune, or also outside the area."""

    personal_id: str
    communes: list[tuple[Location, int]] = field(default_factory=list)  # (commune, records)
    elsewhere: bool = False  # also on a record outside the reviewer's area
    child_ids: list[int] = field(default_factory=list)  # the area's records (for the audit)


def _commune_path(scope_path: str) -> str:
    """The commune's path of a child's copied scope path ("/province/commune/village/")."""
    parts = scope_path.strip("/").split("/")
    return "/" + "/".join(parts[:2]) + "/"


def shared_personal_ids(user, *, limit: int = LIMIT) -> list[SharedId]:
    """ID numbers of live children of ``user``'s review area also held by another live child
    of another commune (in the area or not), by number."""
    area = Child.objects.holding(user, REVIEW_PERMISSION).filter(personal_id__isnull=False)
    other = Child.objects.filter(personal_id=OuterRef("personal_id")).exclude(pk=OuterRef("pk"))
    numbers = list(
        area.filter(Exists(other))
        .order_by("personal_id")
        .values_list("personal_id", flat=True)
        .distinct()[:limit]
    )
    if not numbers:
        return []
    in_area = set(area.filter(personal_id__in=numbers).values_list("pk", flat=True))
    holders: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    outside: set[str] = set()
    rows = Child.objects.filter(personal_id__in=numbers).values_list(
        "personal_id", "pk", "scope_path"
    )
    for number, pk, path in rows:
        if pk in in_area:
            holders[number][_commune_path(path)].append(pk)
        else:
            outside.add(number)
    communes = {unit.path: unit for unit in Location.objects.filter(path__in={
        commune for by_commune in holders.values() for commune in by_commune
    })}  # fmt: skip
    found = []
    for number in numbers:
        by_commune = holders[number]
        if len(by_commune) < 2 and number not in outside:
            continue  # within one commune: the commune's own duplicate report shows both
        found.append(
            SharedId(
                personal_id=number,
                communes=[
                    (communes[path], len(ids))
                    for path, ids in sorted(by_commune.items())
                    if path in communes
                ],
                elsewhere=number in outside,
                child_ids=sorted(pk for ids in by_commune.values() for pk in ids),
            )
        )
    return found
