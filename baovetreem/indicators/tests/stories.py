"""Arranging registers, histories and cases for the indicator tests (rows written directly,
with the history rows the services would write)."""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

from baovetreem.cases.models import Case, CaseState, CaseTransition, Report
from baovetreem.hotline.models import Contact, PressItem, TopicCategory
from baovetreem.registry.models import (
    ChildEvent,
    EventKind,
    Group,
    GroupMembership,
    Measurement,
    Support,
)
from baovetreem.testing.children import make_child

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


def local(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN)


def child(village, born, sex="female", name="Trẻ Thử", **extra):
    return make_child(village, name, born, sex, **extra)


def member(kid, code, start, end=None):
    return GroupMembership.objects.create(
        child=kid, group=Group.objects.get(code=code), start_date=start, end_date=end
    )


def support(kid, on, kind="social_allowance"):
    return Support.objects.create(child=kid, kind=kind, received_on=on)


def measure(kid, on, waz=None, haz=None, whz=None):
    """A measurement with given z-scores (stored directly: the WHO tables are tested apart)."""
    row = Measurement.objects.create(child=kid, measured_on=on, weight_kg=10, height_cm=80)
    Measurement.objects.filter(pk=row.pk).update(waz=waz, haz=haz, whz=whz)
    return row


def moved(kid, origin, to, on):
    """The child moved from ``origin`` to ``to`` on ``on`` (record now filed at ``to``)."""
    ChildEvent.objects.create(
        child=kid,
        happened_on=on,
        kind=EventKind.MOVED,
        status="living",
        from_location=origin,
        to_location=to,
    )
    kid.village = to
    kid.save()
    return kid


def status(kid, value, on):
    ChildEvent.objects.create(child=kid, happened_on=on, kind=EventKind.STATUS, status=value)
    kid.status, kid.status_since = value, on
    kid.save()
    return kid


_codes = iter(range(1, 10**6))


def case(
    location,
    by,
    received_at,
    *,
    channel="hotline_111",
    classification="abused",
    emergency=False,
    intervened_at=None,
    approved_at=None,
    closed_at=None,
):
    report = Report.objects.create(
        received_at=received_at,
        channel=channel,
        received_by=by,
        location=location,
        classification=classification,
        what_happened="Nội dung thử",
    )
    row = Case.objects.create(
        report=report,
        code=f"T-{next(_codes)}",
        location=location,
        emergency_needed=emergency,
        emergency_due_at=received_at + dt.timedelta(hours=12),
        intervened_at=intervened_at,
        plan_due_at=received_at + dt.timedelta(days=7),
        closed_at=closed_at,
        state=CaseState.CLOSED if closed_at else CaseState.RECEIVED,
    )
    if approved_at is not None:
        with mock.patch("django.utils.timezone.now", return_value=approved_at):
            CaseTransition.objects.create(
                case=row, from_state="planning", to_state="approved", by=by
            )
    return row


def topic() -> TopicCategory:
    found = TopicCategory.objects.filter(parent__isnull=False).order_by("pk").first()
    if found:
        return found
    group = TopicCategory.objects.create(code="grp", name="Nhóm")
    return TopicCategory.objects.create(code="grp_t", name="Chủ đề", parent=group)


def call(location, by, at):
    return Contact.objects.create(
        location=location, received_at=at, topic=topic(), outcome="counselling", operator=by
    )


def press(location, by, on):
    return PressItem.objects.create(
        location=location, published_on=on, outlet="Báo thử", title="Tin thử", recorded_by=by
    )
