"""Administrative units, scoped exactly like the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Location

router = Router(tags=["locations"])


class LocationOut(Schema):
    id: int
    code: str
    name: str
    level: str
    kind: str
    parent_id: int | None
    path: str


@router.get("/", response=list[LocationOut])
@paginate(LimitOffsetPagination)
def list_locations(
    request, level: str | None = None, q: str | None = None, parent: int | None = None
):
    units = Location.objects.restrict(request.user, "view").order_by("path")
    if level:
        units = units.filter(level=level)
    if q:
        units = units.filter(name_normalized__contains=normalize_name(q))
    if parent:
        units = units.filter(parent_id=parent)
    return units


@router.get("/{int:pk}", response=LocationOut)
def get_location(request, pk: int):
    return get_object_or_404(Location.objects.restrict(request.user, "view"), pk=pk)
