"""Logging hotline contacts and press items, and opening reports from them; each change is
checked against the actor's rights at the location concerned and audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.cases.models import Case, Channel
from baovetreem.cases.services import receive_report
from baovetreem.core.calendar import VIETNAM
from baovetreem.core.models import user_can_at
from baovetreem.core.text import clean_text
from baovetreem.hotline.models import Contact, FollowUp, Line, Outcome, PressItem, TopicCategory
from baovetreem.locations.models import Level, Location

CONTACT_FIELDS = [
    "received_at",
    "duration_seconds",
    "line",
    "caller_type",
    "caller_sex",
    "caller_age_band",
    "topic",
    "location",
    "summary",
    "outcome",
]
PRESS_FIELDS = ["published_on", "outlet", "url", "title", "summary", "location"]
# The audit row keeps what was logged, not the caller's story (the summary stays in the row).
CONTACT_AUDIT_FIELDS = [f for f in CONTACT_FIELDS if f != "summary"] + ["case", "operator"]
PRESS_AUDIT_FIELDS = ["published_on", "outlet", "url", "title", "location", "follow_up", "case"]
CLOCK_SKEW = dt.timedelta(minutes=5)
LOCATION_LEVELS = {Level.PROVINCE, Level.COMMUNE}


def _check_location(actor, location: Location | None, perm: str) -> None:
    if location is None:
        raise ValidationError({"location": [_("Choose the province or commune concerned.")]})
    if location.level not in LOCATION_LEVELS:
        raise ValidationError({"location": [_("Choose a province or a commune.")]})
    if not user_can_at(actor, perm, location.path):
        raise PermissionDenied(_("You may not record hotline data for this area."))


def _clean_contact(data: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    received_at = data.get("received_at")
    if received_at is None:
        errors["received_at"] = [_("Enter when the call was received.")]
    elif timezone.is_naive(received_at):
        errors["received_at"] = [_("Enter the time of the call with its time zone.")]
    elif received_at > now + CLOCK_SKEW:
        errors["received_at"] = [_("The time of the call is in the future.")]
    topic = data.get("topic")
    if topic is None:
        errors["topic"] = [_("Choose the topic of the call.")]
    elif topic.parent_id is None:
        errors["topic"] = [_("Choose a topic, not only its group.")]
    if not data.get("outcome"):
        errors["outcome"] = [_("Choose the outcome of the call.")]
    elif data["outcome"] == Outcome.REPORT_CREATED and not data.get("case"):
        errors["outcome"] = [
            _("Save the call first, then create the report from it: the outcome follows.")
        ]
    duration = data.get("duration_seconds") or 0
    if duration < 0:
        errors["duration_seconds"] = [_("A duration cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    data["duration_seconds"] = duration
    data["summary"] = clean_text(data.get("summary"))
    return data


@transaction.atomic
def log_contact(actor, data: dict[str, Any], *, now: dt.datetime | None = None) -> Contact:
    """Log one call received by the hotline; audited."""
    data = {name: data[name] for name in CONTACT_FIELDS if name in data}
    _check_location(actor, data.get("location"), "hotline.add_contact")
    cleaned = _clean_contact(data, now or timezone.now())
    contact = Contact(operator=actor, **cleaned)
    contact.full_clean()
    contact.save()
    record(actor, AuditAction.CREATE, contact, after=snapshot(contact, CONTACT_AUDIT_FIELDS))
    return contact


@transaction.atomic
def update_contact(
    actor, contact: Contact, data: dict[str, Any], *, now: dt.datetime | None = None
) -> Contact:
    """Correct a logged call; the link to its case and the outcome it set are kept."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not user_can_at(actor, "hotline.change_contact", contact.scope_path):
        raise PermissionDenied(_("You may not change calls of this area."))
    data = {name: data[name] for name in CONTACT_FIELDS if name in data}
    if "location" in data:
        _check_location(actor, data["location"], "hotline.change_contact")
    merged = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    merged.update(data)
    merged["case"] = contact.case_id
    if contact.case_id:
        merged["outcome"] = Outcome.REPORT_CREATED
    cleaned = _clean_contact(merged, now or timezone.now())
    cleaned.pop("case")
    before = snapshot(contact, CONTACT_AUDIT_FIELDS)
    for name, value in cleaned.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    record(
        actor,
        AuditAction.UPDATE,
        contact,
        before=before,
        after=snapshot(contact, CONTACT_AUDIT_FIELDS),
    )
    return contact


def report_initial_from_contact(contact: Contact) -> dict[str, Any]:
    """What a report form 01 can take from a call: channel, time, place and the story."""
    return {
        "channel": Channel.HOTLINE_111
        if contact.line == Line.NATIONAL_111
        else Channel.OTHER_HOTLINE,
        "received_at": contact.received_at,
        "what_happened": contact.summary,
        "location": contact.location if contact.location.level != Level.PROVINCE else None,
    }


def _report_location(source, report_data: dict[str, Any], location: Location | None) -> Location:
    """Where the report is filed: as given, else in the data, else the source's commune."""
    location = location or report_data.get("location")
    if location is None and source.location.level == Level.COMMUNE:
        location = source.location
    if location is None:
        raise ValidationError(
            {"location": [_("Choose the commune or village where the child is.")]}
        )
    return location


@transaction.atomic
def create_report_from_contact(
    actor, contact: Contact, report_data: dict[str, Any], *, location: Location | None = None
) -> Case:
    """Open a report (Mẫu 01) from a call, link its case and mark the call's outcome."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not user_can_at(actor, "hotline.view_contact", contact.scope_path):
        raise PermissionDenied(_("You may not use calls of this area."))
    if contact.case_id:
        raise ValidationError(_("A report was already created from this call."))
    channel = Channel.HOTLINE_111 if contact.line == Line.NATIONAL_111 else Channel.OTHER_HOTLINE
    case = _receive_from(
        actor,
        contact,
        report_data,
        location,
        channel=channel,
        outside=_("Choose a commune or village inside the area of the call."),
    )
    _mark_report_created(
        actor, contact, case, outcome=Outcome.REPORT_CREATED, audit_fields=CONTACT_AUDIT_FIELDS
    )
    return case


def _receive_from(
    actor, source, report_data: dict[str, Any], location, *, channel: str, outside: str
) -> Case:
    """Receive the report opened from a call or a press item, inside the source's area."""
    location = _report_location(source, report_data, location)
    if not location.path.startswith(source.location.path):
        raise ValidationError({"location": [outside]})
    data = {**report_data, "channel": channel}
    data.pop("location", None)
    return receive_report(actor, data, location=location)


def _mark_report_created(actor, source, case: Case, *, audit_fields, **status) -> None:
    """Link the call or press item to the case its report opened and set its status; audited."""
    before = snapshot(source, audit_fields)
    source.case = case
    for name, value in status.items():
        setattr(source, name, value)
    source.save(update_fields=["case", *status, "updated_at"])
    record(
        actor,
        AuditAction.UPDATE,
        source,
        before=before,
        after=snapshot(source, audit_fields),
        note="report created",
    )


@transaction.atomic
def record_press_item(actor, data: dict[str, Any]) -> PressItem:
    """Record one item of the press review; audited."""
    data = {name: data[name] for name in PRESS_FIELDS if name in data}
    _check_location(actor, data.get("location"), "hotline.add_pressitem")
    errors: dict[str, list[str]] = {}
    if not data.get("published_on"):
        errors["published_on"] = [_("Enter the date the item was published.")]
    elif data["published_on"] > timezone.localdate(timezone=VIETNAM):
        errors["published_on"] = [_("The publication date is in the future.")]
    for name, message in (
        ("outlet", _("Enter the newspaper or website.")),
        ("title", _("Enter the title of the item.")),
    ):
        if not clean_text(data.get(name)):
            errors[name] = [message]
    if errors:
        raise ValidationError(errors)
    for name in ("outlet", "title", "summary", "url"):
        data[name] = clean_text(data.get(name))
    item = PressItem(recorded_by=actor, **data)
    item.full_clean()
    item.save()
    record(actor, AuditAction.CREATE, item, after=snapshot(item, PRESS_AUDIT_FIELDS))
    return item


@transaction.atomic
def set_press_follow_up(actor, item: PressItem, follow_up: str) -> PressItem:
    """Mark a press item as not relevant (or back to not followed up)."""
    item = PressItem.objects.select_for_update().get(pk=item.pk)
    if not user_can_at(actor, "hotline.add_pressitem", item.scope_path):
        raise PermissionDenied(_("You may not follow up press items of this area."))
    if item.case_id or follow_up == FollowUp.REPORT_CREATED:
        raise ValidationError(_("A report was created from this item: its follow-up is final."))
    before = snapshot(item, PRESS_AUDIT_FIELDS)
    item.follow_up = follow_up
    item.save(update_fields=["follow_up", "updated_at"])
    record(actor, AuditAction.UPDATE, item, before=before, after=snapshot(item, PRESS_AUDIT_FIELDS))
    return item


def report_initial_from_press_item(item: PressItem) -> dict[str, Any]:
    published = dt.datetime.combine(item.published_on, dt.time(8, 0), tzinfo=VIETNAM)
    story = "\n".join(part for part in (item.title, item.summary, item.url) if part)
    return {
        "channel": Channel.PRESS,
        "received_at": min(published, timezone.now()),
        "what_happened": f"{item.outlet}: {story}",
        "location": item.location if item.location.level != Level.PROVINCE else None,
    }


@transaction.atomic
def create_report_from_press_item(
    actor, item: PressItem, report_data: dict[str, Any], *, location: Location | None = None
) -> Case:
    """Open a report (Mẫu 01, channel press) from a press item and link its case."""
    item = PressItem.objects.select_for_update().get(pk=item.pk)
    if not user_can_at(actor, "hotline.view_pressitem", item.scope_path):
        raise PermissionDenied(_("You may not use press items of this area."))
    if item.case_id:
        raise ValidationError(_("A report was already created from this item."))
    case = _receive_from(
        actor,
        item,
        report_data,
        location,
        channel=Channel.PRESS,
        outside=_("Choose a commune or village inside the area of the item."),
    )
    _mark_report_created(
        actor, item, case, follow_up=FollowUp.REPORT_CREATED, audit_fields=PRESS_AUDIT_FIELDS
    )
    return case


def contact_counts(user, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Calls ``user`` may see received from ``start`` to ``end`` (both included), counted by
    topic group and by outcome; calls that never became a case count too."""
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VIETNAM)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    contacts = Contact.objects.restrict(user, "view").filter(
        received_at__gte=begin, received_at__lt=stop
    )
    by_group = dict(
        contacts.order_by()
        .values_list("topic__parent__code")
        .annotate(n=Count("id"))
        .values_list("topic__parent__code", "n")
    )
    by_outcome = dict(
        contacts.order_by()
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    groups = TopicCategory.objects.filter(parent__isnull=True).order_by("order", "code")
    return {
        "total": sum(by_outcome.values()),
        "by_topic": {group.code: by_group.get(group.code, 0) for group in groups},
        "by_outcome": {value: by_outcome.get(value, 0) for value in Outcome.values},
        "with_case": contacts.filter(case__isnull=False).count(),
    }
