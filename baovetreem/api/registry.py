"""Children and households over the API, scoped and audited exactly like the pages."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from baovetreem.api.errors import validation_errors
from baovetreem.api.fields import Id, SearchText, column
from baovetreem.api.pagination import audited_list
from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.core.text import normalize_name
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
    village_id: Id
    full_name: column(Child, "full_name")
    sex: Literal["male", "female"]
    date_of_birth: column(Child, "date_of_birth")
    birth_date_precision: column(Child, "birth_date_precision") = "day"
    ethnicity: column(Child, "ethnicity") = "01"
    personal_id: column(Child, "personal_id") = None
    household_id: Id | None = None
    parents_status: column(Child, "parents_status") = "unknown"
    birth_registered_on: column(Child, "birth_registered_on") = None
    insurance_number: column(Child, "insurance_number") = ""
    insurance_valid_until: column(Child, "insurance_valid_until") = None
    disability_type: column(Child, "disability_type") = ""
    disability_severity: column(Child, "disability_severity") = ""
    school_level: column(Child, "school_level") = ""
    school_name: column(Child, "school_name") = ""
    grade: column(Child, "grade") = ""
    notes: column(Child, "notes") = ""


class ChildPatch(Schema):
    """Only the fields sent are changed; ``null`` clears only what may be empty in the register
    (ID number and the two optional dates), a text is cleared with ``""``."""

    version: column(Child, "version")
    # The default None is never validated: it only marks the field as left out.
    full_name: column(Child, "full_name") = None
    sex: column(Child, "sex") = None
    date_of_birth: column(Child, "date_of_birth") = None
    personal_id: column(Child, "personal_id") = None
    birth_registered_on: column(Child, "birth_registered_on") = None
    insurance_number: column(Child, "insurance_number") = None
    insurance_valid_until: column(Child, "insurance_valid_until") = None
    disability_type: column(Child, "disability_type") = None
    disability_severity: column(Child, "disability_severity") = None
    school_level: column(Child, "school_level") = None
    school_name: column(Child, "school_name") = None
    grade: column(Child, "grade") = None
    notes: column(Child, "notes") = None


class HouseholdOut(Schema):
    id: int
    village_id: int
    number: str
    head_name: str
    address: str


class HouseholdIn(Schema):
    village_id: Id
    head_name: column(Household, "head_name")
    address: column(Household, "address") = ""
    number: column(Household, "number") = ""
    phone: column(Household, "phone") = ""


StatusFilter = column(Child, "status")


@router.get("/children", response=list[ChildOut])
@audited_list
def list_children(
    request,
    q: SearchText | None = None,
    village: Id | None = None,
    status: StatusFilter | None = None,
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
def get_child(request, pk: Id):
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
def update_child(request, pk: Id, payload: ChildPatch):
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
@audited_list
def list_households(request, q: SearchText | None = None, village: Id | None = None):
    """Households in the caller's scope; ``q`` searches the head of household's name."""
    households = Household.objects.restrict(request.user, "view").order_by(
        "head_name_normalized", "pk"
    )
    if q:
        households = households.filter(head_name_normalized__contains=normalize_name(q))
    if village:
        households = households.filter(village_id=village)
    return households


@router.get("/households/{int:pk}", response=HouseholdOut)
def get_household(request, pk: Id):
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
