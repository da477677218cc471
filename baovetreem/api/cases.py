"""Cases over the API: hotline intake, lists and details, workflow steps; scoped and audited
exactly like the pages (``Case.objects.visible_to`` decides, every detail is an audit VIEW)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from baovetreem.api.errors import validation_errors
from baovetreem.api.fields import Id, JsonObject, bounded_text, column
from baovetreem.api.pagination import audited_list
from baovetreem.cases import services
from baovetreem.cases.forms import StepForm
from baovetreem.cases.models import Case, CaseTransition, Report
from baovetreem.locations.models import Location
from baovetreem.registry.models import Child

router = Router(tags=["cases"])

# The service names fields as the model does; the API names them as the request does.
API_FIELD_NAMES = {"child": "child_id", "location": "location_id"}


class ReportIn(Schema):
    """Mẫu 01 as a hotline system sends it; the service validates and says what to fix.

    Lengths, numbers and dates are bounded here; what is missing and which choices are allowed
    the service says, all in one answer (hence ``received_at`` may be null, choices any text).
    """

    location_id: Id
    received_at: column(Report, "received_at") | None = None
    channel: column(Report, "channel", choices=False) = ""
    classification: column(Report, "classification", choices=False) = ""
    child_id: Id | None = None
    child_name: column(Report, "child_name") = ""
    child_date_of_birth: column(Report, "child_date_of_birth") = None
    child_estimated_age: column(Report, "child_estimated_age") = None
    child_sex: column(Report, "child_sex", choices=False) = "unknown"
    incident_place: column(Report, "incident_place") = ""
    what_happened: column(Report, "what_happened") = ""
    current_condition: column(Report, "current_condition") = ""
    likely_consequence: column(Report, "likely_consequence") = ""
    father_name: column(Report, "father_name") = ""
    father_age: column(Report, "father_age") = None
    father_occupation: column(Report, "father_occupation") = ""
    mother_name: column(Report, "mother_name") = ""
    mother_age: column(Report, "mother_age") = None
    mother_occupation: column(Report, "mother_occupation") = ""
    family_circumstances: column(Report, "family_circumstances") = ""
    current_carer: column(Report, "current_carer") = ""
    suspected_person: column(Report, "suspected_person") = ""
    suspected_relationship: column(Report, "suspected_relationship", choices=False) = "unknown"
    actions_taken: column(Report, "actions_taken") = ""
    reporter_consent: column(Report, "reporter_consent") = False
    reporter_name: column(Report, "reporter_name") = ""
    reporter_phone: column(Report, "reporter_phone") = ""
    reporter_address: column(Report, "reporter_address") = ""
    notes: column(Report, "notes") = ""


class ReceivedOut(Schema):
    id: int
    code: str
    emergency_due_at: dt.datetime
    plan_due_at: dt.datetime
    full_access: bool


class ReportOut(Schema):
    received_at: dt.datetime
    channel: str
    received_by: str
    location_id: int
    classification: str
    child_id: int | None
    child_name: str
    child_date_of_birth: dt.date | None
    child_estimated_age: int | None
    child_sex: str
    incident_place: str
    what_happened: str
    current_condition: str
    likely_consequence: str
    father_name: str
    father_age: int | None
    father_occupation: str
    mother_name: str
    mother_age: int | None
    mother_occupation: str
    family_circumstances: str
    current_carer: str
    suspected_person: str
    suspected_relationship: str
    actions_taken: str
    reporter_consent: bool
    reporter_name: str
    reporter_phone: str
    reporter_address: str
    notes: str

    @staticmethod
    def resolve_received_by(obj) -> str:
        return obj.received_by.username


class CaseListOut(Schema):
    """One row of the list; the state and risk are left out where only the report may be read."""

    id: int
    code: str
    location_id: int
    location: str
    received_at: dt.datetime
    channel: str
    classification: str
    child: str
    full_access: bool
    state: str | None
    risk_level: str | None
    emergency_needed: bool
    emergency_due_at: dt.datetime
    plan_due_at: dt.datetime
    overdue: bool

    @staticmethod
    def resolve_location(obj) -> str:
        return obj.location.name

    @staticmethod
    def resolve_received_at(obj) -> dt.datetime:
        return obj.report.received_at

    @staticmethod
    def resolve_channel(obj) -> str:
        return obj.report.channel

    @staticmethod
    def resolve_classification(obj) -> str:
        return obj.report.classification

    @staticmethod
    def resolve_child(obj, context) -> str:
        return obj.report.child_name_for(full=obj.full_access)

    @staticmethod
    def resolve_state(obj) -> str | None:
        return obj.state if obj.full_access else None

    @staticmethod
    def resolve_risk_level(obj) -> str | None:
        return obj.risk_level if obj.full_access else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.now())


class StepOut(Schema):
    from_state: str
    to_state: str
    by: str
    at: dt.datetime
    data: dict
    note: str


class AssignmentOut(Schema):
    user: str
    role: str


class CaseFileOut(Schema):
    """The case file beyond the report: only for who may read the whole case."""

    state: str
    risk_level: str
    emergency_needed: bool
    emergency_due_at: dt.datetime
    intervened_at: dt.datetime | None
    plan_due_at: dt.datetime
    approved_at: dt.datetime | None
    closed_at: dt.datetime | None
    emergency_overdue: bool
    plan_overdue: bool
    version: int
    next_states: list[str]
    assignments: list[AssignmentOut]
    history: list[StepOut]


CASE_FILE_FIELDS = [
    "state",
    "risk_level",
    "emergency_needed",
    "emergency_due_at",
    "intervened_at",
    "plan_due_at",
    "approved_at",
    "closed_at",
    "version",
]


class CaseOut(Schema):
    id: int
    code: str
    location_id: int
    full_access: bool
    child: str
    report: ReportOut
    file: CaseFileOut | None


class TransitionIn(Schema):
    # Any step name: the service answers who may not act the same whatever the step.
    to_state: column(CaseTransition, "to_state", choices=False)
    version: column(Case, "version")
    data: JsonObject = {}
    # As long as the step form of the pages allows.
    note: bounded_text(StepForm.base_fields["note"].max_length) = ""


def _case_out(user, case: Case) -> dict:
    """The case as ``user`` may read it: the report, and the file only with full access."""
    full = case.has_full_access(user)
    out = {
        "id": case.pk,
        "code": case.code,
        "location_id": case.location_id,
        "full_access": full,
        "child": case.report.child_name_for(full=full),
        "report": case.report,
        "file": None,
    }
    if full:
        now = timezone.now()
        out["file"] = {
            **{name: getattr(case, name) for name in CASE_FILE_FIELDS},
            "emergency_overdue": case.emergency_overdue(now),
            "plan_overdue": case.plan_overdue(now),
            "next_states": services.allowed_next_states(user, case),
            "assignments": [
                {"user": a.user.username, "role": a.role}
                for a in case.assignments.select_related("user")
            ],
            "history": [
                {
                    "from_state": t.from_state,
                    "to_state": t.to_state,
                    "by": t.by.username,
                    "at": t.at,
                    "data": t.data,
                    "note": t.note,
                }
                for t in case.transitions.select_related("by")
            ],
        }
    return out


def _visible(user):
    return Case.objects.visible_to(user).select_related(
        "report", "report__child", "report__received_by"
    )


@router.post(
    "/reports", response={201: ReceivedOut, 400: dict, 403: dict}, summary="Receive a report"
)
def receive_report(request, payload: ReportIn):
    """Record a report (Mẫu 01) and open its case; the reporter's contact is kept only with
    consent."""
    location = get_object_or_404(
        Location.objects.restrict(request.user, "view"), pk=payload.location_id
    )
    data = payload.dict(exclude={"location_id", "child_id"})
    if payload.child_id is not None:
        # The service decides whether the caller may link this child, with its own message.
        data["child"] = Child.objects.filter(pk=payload.child_id).first() or Child(
            pk=payload.child_id
        )
    try:
        case = services.receive_report(request.user, data, location=location)
    except ValidationError as exc:
        return Status(400, validation_errors(exc, API_FIELD_NAMES))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(
        201,
        {
            "id": case.pk,
            "code": case.code,
            "emergency_due_at": case.emergency_due_at,
            "plan_due_at": case.plan_due_at,
            "full_access": case.has_full_access(request.user),
        },
    )


StateFilter = column(Case, "state")


@router.get("", response=list[CaseListOut], summary="List cases")
@audited_list
def list_cases(request, state: StateFilter | None = None, overdue: bool = False):
    """Cases the caller may open, newest first; ``overdue`` keeps those past a legal deadline."""
    full = Case.objects.visible_to(request.user, full=True).filter(pk=OuterRef("pk"))
    cases = Case.objects.visible_to(request.user).annotate(full_access=Exists(full))
    if state:
        # Only where the state may be read, or the filter would reveal it.
        cases = cases.filter(full_access=True, state=state)
    if overdue:
        cases = cases.overdue(timezone.now())
    return cases.select_related("report", "report__child", "location").order_by("-id")


@router.get("/{int:pk}", response=CaseOut, summary="Open a case")
def get_case(request, pk: Id):
    """The case as the caller may read it; every call is an audit event."""
    case = get_object_or_404(_visible(request.user), pk=pk)
    services.record_view(request.user, case, report_only=not case.has_full_access(request.user))
    return _case_out(request.user, case)


@router.post(
    "/{int:pk}/transitions",
    response={200: CaseOut, 400: dict, 403: dict, 409: dict},
    summary="Take a workflow step",
)
def take_step(request, pk: Id, payload: TransitionIn):
    """Move the case on with the step's form data (Mẫu 02-06), at the version last read.

    The plan (``to_state`` "planning", Mẫu 04) sends its services as a list, validated by the
    same rules as the page: ``{"goals": "…", "review_on": "2026-08-01", "services":
    [{"service": "…", "provider": "…", "starts_on": "2026-06-01", "ends_on": "2026-06-30",
    "cost_vnd": 1500000}]}``; dates as yyyy-mm-dd or dd/mm/yyyy, ``ends_on`` and ``cost_vnd``
    (whole đồng, ≥ 0) may be left out, and errors name the service by its place in the list."""
    case = get_object_or_404(_visible(request.user), pk=pk)
    try:
        case = services.transition(
            request.user,
            case,
            payload.to_state,
            payload.data,
            payload.version,
            note=payload.note,
        )
    except services.StaleCase as exc:
        current = Case.objects.values_list("version", flat=True).get(pk=case.pk)
        return Status(409, {"detail": exc.message, "version": current})
    except services.TransitionRefused as exc:
        return Status(400, {"detail": exc.message})
    except ValidationError as exc:
        return Status(400, validation_errors(exc, API_FIELD_NAMES))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(200, _case_out(request.user, get_object_or_404(_visible(request.user), pk=pk)))


class LinkChildIn(Schema):
    child_id: Id
    version: column(Case, "version")


@router.post(
    "/{int:pk}/child",
    response={200: CaseOut, 400: dict, 403: dict, 404: dict, 409: dict},
    summary="Link the case to a child of the register",
)
def link_child(request, pk: Id, payload: LinkChildIn):
    """Link a case received with a provisional child to the child of the register, at the
    version last read; the child must be one the caller may see (else 404)."""
    case = get_object_or_404(_visible(request.user), pk=pk)
    if not case.may_work_on(request.user):
        # Who only reads the case (the receiving operator, the glass breaker) learns nothing
        # about the register from the answer.
        return Status(403, {"detail": _("You may not change the child of this case.")})
    child = get_object_or_404(Child.objects.restrict(request.user, "view"), pk=payload.child_id)
    try:
        services.link_child(request.user, case, child, payload.version)
    except services.StaleCase as exc:
        current = Case.objects.values_list("version", flat=True).get(pk=case.pk)
        return Status(409, {"detail": exc.message, "version": current})
    except ValidationError as exc:
        return Status(400, validation_errors(exc, API_FIELD_NAMES))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(200, _case_out(request.user, get_object_or_404(_visible(request.user), pk=pk)))
