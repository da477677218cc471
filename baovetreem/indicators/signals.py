"""Marking the facts a change touches, in the transaction of the change.

Every receiver names the units whose figures the row can alter and the first date it can alter
them from; ``facts.mark`` writes that down and queues the recount after the commit. A child's
rows touch every unit the child has lived in (a membership dated before a move changes the old
village's past figures), so those are marked together.
"""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from baovetreem.cases.models import Case, Report
from baovetreem.hotline.models import Contact, PressItem
from baovetreem.indicators.facts import mark
from baovetreem.registry.models import (
    Child,
    ChildEvent,
    EventKind,
    GroupMembership,
    Measurement,
    Support,
)
from baovetreem.registry.signals import children_bulk_changed

HISTORY_KINDS = {
    EventKind.MOVED,
    EventKind.STATUS,
    EventKind.DELETED,
    EventKind.RESTORED,
    EventKind.MERGED,
}


def child_locations(child_id: int) -> set[int]:
    """Every unit the child has been filed at: the current one and both ends of each move."""
    units = set(Child.all_objects.filter(pk=child_id).values_list("village_id", flat=True))
    for start, end in ChildEvent.objects.filter(
        child_id=child_id, kind=EventKind.MOVED
    ).values_list("from_location_id", "to_location_id"):
        units.update((start, end))
    return {u for u in units if u is not None}


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


# Children ------------------------------------------------------------------------------------


def _stash_child(sender, instance: Child, **kwargs) -> None:
    instance._indicator_before = (
        Child.all_objects.filter(pk=instance.pk).values_list("village_id", "date_of_birth").first()
        if instance.pk
        else None
    )


def _child_saved(sender, instance: Child, **kwargs) -> None:
    before = getattr(instance, "_indicator_before", None)
    units = child_locations(instance.pk)
    since = instance.date_of_birth
    if before:
        units.add(before[0])
        since = min(since, before[1])
    mark(units, since)


def _event_saved(sender, instance: ChildEvent, created: bool, **kwargs) -> None:
    if not created or instance.kind not in HISTORY_KINDS:
        return
    units = child_locations(instance.child_id)
    units.update((instance.from_location_id, instance.to_location_id))
    if instance.kind in {EventKind.MOVED, EventKind.STATUS}:
        since = instance.happened_on
    else:  # deleted, restored, merged: the whole of the child's life in the register
        since = (
            Child.all_objects.filter(pk=instance.child_id)
            .values_list("date_of_birth", flat=True)
            .first()
        )
    mark(units, since)


def _dated_child_row(date_field: str):
    def receiver(sender, instance, **kwargs) -> None:
        mark(child_locations(instance.child_id), getattr(instance, date_field))

    return receiver


_membership_changed = _dated_child_row("start_date")
_support_changed = _dated_child_row("received_on")
_measurement_changed = _dated_child_row("measured_on")


def _bulk_children(sender, location_ids, since, **kwargs) -> None:
    mark(location_ids, since)


# Cases, calls, press items -------------------------------------------------------------------


def _received_on(case: Case) -> dt.date | None:
    received = Report.objects.filter(pk=case.report_id).values_list("received_at", flat=True)
    return _local_date(received.first())


def _stash_case(sender, instance: Case, **kwargs) -> None:
    instance._indicator_before = (
        Case.objects.filter(pk=instance.pk).values_list("location_id", flat=True).first()
        if instance.pk
        else None
    )


def _case_saved(sender, instance: Case, **kwargs) -> None:
    units = {instance.location_id, getattr(instance, "_indicator_before", None)}
    mark(units, _received_on(instance))


def _report_saved(sender, instance: Report, created: bool, **kwargs) -> None:
    if created:
        return  # its case, created next, marks it
    case = Case.objects.filter(report_id=instance.pk).values_list("location_id", flat=True)
    location = case.first()
    if location is not None:
        # A corrected receipt time may move the case out of any window: recount them all.
        mark({location}, None)


def _stash_located(sender, instance, **kwargs) -> None:
    instance._indicator_before = (
        type(instance).objects.filter(pk=instance.pk).values_list("location_id", flat=True).first()
        if instance.pk
        else None
    )


def _contact_changed(sender, instance: Contact, **kwargs) -> None:
    units = {instance.location_id, getattr(instance, "_indicator_before", None)}
    mark(units, _local_date(instance.received_at))


def _press_changed(sender, instance: PressItem, **kwargs) -> None:
    units = {instance.location_id, getattr(instance, "_indicator_before", None)}
    mark(units, instance.published_on)


def connect() -> None:
    """Connect every receiver (called once from ``IndicatorsConfig.ready``)."""
    uid = "indicators"
    pre_save.connect(_stash_child, sender=Child, dispatch_uid=f"{uid}.child.pre")
    post_save.connect(_child_saved, sender=Child, dispatch_uid=f"{uid}.child")
    post_save.connect(_event_saved, sender=ChildEvent, dispatch_uid=f"{uid}.event")
    for model, receiver in (
        (GroupMembership, _membership_changed),
        (Support, _support_changed),
        (Measurement, _measurement_changed),
    ):
        name = model._meta.model_name
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}.del")
    children_bulk_changed.connect(_bulk_children, dispatch_uid=f"{uid}.bulk")
    pre_save.connect(_stash_case, sender=Case, dispatch_uid=f"{uid}.case.pre")
    post_save.connect(_case_saved, sender=Case, dispatch_uid=f"{uid}.case")
    post_save.connect(_report_saved, sender=Report, dispatch_uid=f"{uid}.report")
    for model, receiver in ((Contact, _contact_changed), (PressItem, _press_changed)):
        name = model._meta.model_name
        pre_save.connect(_stash_located, sender=model, dispatch_uid=f"{uid}.{name}.pre")
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.{name}.del")
