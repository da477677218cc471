"""Administrative units, scoped exactly like the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from baovetreem.api.fields import Id, SearchText, column
from baovetreem.api.pagination import capped_list
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


LevelFilter = column(Location, "level")


@router.get("/", response=list[LocationOut])
@capped_list
def list_locations(
    request,
    level: LevelFilter | None = None,
    q: SearchText | None = None,
    parent: Id | None = None,
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
def get_location(request, pk: Id):
    return get_object_or_404(Location.objects.restrict(request.user, "view"), pk=pk)
