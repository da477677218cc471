"""Hotline calls over the API, so a telephony system can push each call; scoped like the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from baovetreem.api.errors import validation_errors
from baovetreem.api.fields import Date, Id, column
from baovetreem.api.pagination import audited_list
from baovetreem.hotline import services
from baovetreem.hotline.models import Contact, TopicCategory
from baovetreem.locations.models import Location

router = Router(tags=["hotline"])


class ContactIn(Schema):
    received_at: column(Contact, "received_at")
    duration_seconds: column(Contact, "duration_seconds") = 0
    line: column(Contact, "line")
    caller_type: column(Contact, "caller_type")
    caller_sex: column(Contact, "caller_sex") = "unknown"
    caller_age_band: column(Contact, "caller_age_band") = "unknown"
    topic_code: column(TopicCategory, "code")
    location_id: Id
    summary: column(Contact, "summary") = ""
    outcome: column(Contact, "outcome")


class ContactOut(Schema):
    id: int
    received_at: dt.datetime
    duration_seconds: int
    line: str
    caller_type: str
    topic_id: int | None
    location_id: int
    outcome: str
    case_id: int | None


class CountsOut(Schema):
    counts: dict


@router.post("/contacts", response={201: ContactOut, 400: dict, 403: dict})
def log_contact(request, payload: ContactIn):
    """Log one call; the topic is given by its code (second level of the topic list)."""
    location = get_object_or_404(
        Location.objects.restrict(request.user, "view"), pk=payload.location_id
    )
    topic = TopicCategory.objects.filter(code=payload.topic_code, is_active=True).first()
    if topic is None:
        return Status(400, {"detail": "invalid", "errors": {"topic_code": ["unknown topic"]}})
    data = payload.dict(exclude={"location_id", "topic_code"})
    data.update(location=location, topic=topic)
    try:
        contact = services.log_contact(request.user, data)
    except ValidationError as exc:
        return Status(400, validation_errors(exc))
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201, contact)


OutcomeFilter = column(Contact, "outcome")


@router.get("/contacts", response=list[ContactOut])
@audited_list
def list_contacts(request, outcome: OutcomeFilter | None = None):
    """Calls the caller may see, newest first."""
    contacts = Contact.objects.restrict(request.user, "view").order_by("-received_at", "-pk")
    if outcome:
        contacts = contacts.filter(outcome=outcome)
    return contacts


@router.get("/counts", response=CountsOut)
def counts(request, start: Date, end: Date):
    """Calls by topic group and outcome, including those that never became a case."""
    return {"counts": services.contact_counts(request.user, start, end)}
