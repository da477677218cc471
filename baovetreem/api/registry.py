"""Children and households over the API, scoped and audited exactly like the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from baovetreem.api.errors import validation_errors
from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.locations.models import Location
from baovetreem.registry import services
from baovetreem.registry.models import Child, Household
from baovetreem.registry.search import search_children

router = Router(tags=["registry"])


class ChildOut(Schema):
    id: int
    full_name: str
    sex: str
    date_of_birth: dt.date
    birth_date_precision: str
    ethnicity: str
    personal_id: str | None
    village_id: int
    household_id: int | None
    status: str
    birth_registered_on: dt.date | None
    insurance_number: str
    insurance_valid_until: dt.date | None
    disability_type: str
    disability_severity: str
    school_level: str
    version: int


class ChildIn(Schema):
    village_id: int
    full_name: str
    sex: str = Field(pattern="^(male|female)$")
    date_of_birth: dt.date
    birth_date_precision: str = "day"
    ethnicity: str = "01"
    personal_id: str | None = None
    household_id: int | None = None
    parents_status: str = "unknown"
    birth_registered_on: dt.date | None = None
    insurance_number: str = ""
    insurance_valid_until: dt.date | None = None
    disability_type: str = ""
    disability_severity: str = ""
    school_level: str = ""
    school_name: str = ""
    grade: str = ""
    notes: str = ""


class ChildPatch(Schema):
    version: int
    full_name: str | None = None
    sex: str | None = None
    date_of_birth: dt.date | None = None
    personal_id: str | None = None
    birth_registered_on: dt.date | None = None
    insurance_number: str | None = None
    insurance_valid_until: dt.date | None = None
    disability_type: str | None = None
    disability_severity: str | None = None
    school_level: str | None = None
    school_name: str | None = None
    grade: str | None = None
    notes: str | None = None


class HouseholdOut(Schema):
    id: int
    village_id: int
    number: str
    head_name: str
    address: str


class HouseholdIn(Schema):
    village_id: int
    head_name: str
    address: str = ""
    number: str = ""
    phone: str = ""


@router.get("/children", response=list[ChildOut])
@paginate(LimitOffsetPagination)
def list_children(
    request, q: str | None = None, village: int | None = None, status: str | None = None
):
    """Children in the caller's scope; ``q`` searches names, carers, ID numbers and birth dates."""
    children = search_children(request.user, q or "")
    if village:
        unit = get_object_or_404(Location.objects.restrict(request.user, "view"), pk=village)
        children = children.filter(scope_path__startswith=unit.path)
    if status:
        children = children.filter(status=status)
    return children.order_by("name_normalized", "pk")


@router.get("/children/{int:pk}", response=ChildOut)
def get_child(request, pk: int):
    child = get_object_or_404(Child.objects.restrict(request.user, "view"), pk=pk)
    record(request.user, AuditAction.VIEW, child, note="api")
    return child


@router.post("/children", response={201: ChildOut, 400: dict, 403: dict})
def create_child(request, payload: ChildIn):
    village = get_object_or_404(
        Location.objects.restrict(request.user, "view"), pk=payload.village_id
    )
    data = payload.dict(exclude={"village_id", "household_id"})
    if payload.household_id:
        data["household"] = get_object_or_404(
            Household.objects.restrict(request.user, "view"), pk=payload.household_id
        )
    try:
        child = services.register_child(request.user, village=village, data=data)
    except ValidationError as exc:
        return Status(400, validation_errors(exc))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201, child)


@router.patch("/children/{int:pk}", response={200: ChildOut, 400: dict, 409: dict})
def update_child(request, pk: int, payload: ChildPatch):
    child = get_object_or_404(Child.objects.restrict(request.user, "change"), pk=pk)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    try:
        child = services.update_child(request.user, child, data=changes, expected_version=version)
    except services.ConcurrentEditError as exc:
        return Status(
            409,
            {
                "detail": "changed by someone else",
                "version": exc.child.version,
                "changes": [{"field": f, "before": b, "after": a} for f, b, a in exc.changes],
            },
        )
    except ValidationError as exc:
        return Status(400, validation_errors(exc))
    return Status(200, child)


@router.get("/households", response=list[HouseholdOut])
@paginate(LimitOffsetPagination)
def list_households(request, q: str | None = None, village: int | None = None):
    from baovetreem.core.text import normalize_name

    households = Household.objects.restrict(request.user, "view").order_by(
        "head_name_normalized", "pk"
    )
    if q:
        households = households.filter(head_name_normalized__contains=normalize_name(q))
    if village:
        households = households.filter(village_id=village)
    return households


@router.get("/households/{int:pk}", response=HouseholdOut)
def get_household(request, pk: int):
    return get_object_or_404(Household.objects.restrict(request.user, "view"), pk=pk)


@router.post("/households", response={201: HouseholdOut, 400: dict, 403: dict})
def create_household(request, payload: HouseholdIn):
    village = get_object_or_404(
        Location.objects.restrict(request.user, "view"), pk=payload.village_id
    )
    try:
        household = services.create_household(
            request.user, village=village, **payload.dict(exclude={"village_id"})
        )
    except ValidationError as exc:
        return Status(400, validation_errors(exc))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201, household)
