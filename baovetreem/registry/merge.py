"""Merging two records of one child (hồ sơ trùng) so that both histories are kept: the kept
record takes the other's empty fields, its memberships, supports, measurements and events, and
the merge is audited on both; the other record is soft-deleted and points to the kept one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.models import user_can_at
from baovetreem.registry.models import (
    Carer,
    Child,
    ChildEvent,
    EventKind,
    GroupMembership,
    Measurement,
    ParentsStatus,
    Sex,
    Support,
)
from baovetreem.registry.services import (
    AUDIT_FIELDS,
    CHILD_FIELDS,
    ConcurrentEditError,
    _changes_since,
)
from baovetreem.registry.validators import check_personal_id

MERGE_AUDIT_FIELDS = [*AUDIT_FIELDS, "deleted_at", "merged_into"]
# Fields that are only meaningful together with another one: filled from the other record only
# when the leading field (first) ends up the same on both.
LINKED_FIELDS = {
    "disability_severity": "disability_type",
    "insurance_valid_until": "insurance_number",
    "school_name": "school_level",
    "grade": "school_level",
    "out_of_school_since": "school_level",
}
# Never filled: always present (name, date of birth) or with a default that cannot be told
# from a real value (ethnicity "01", date precision "day").
NOT_FILLED = {"full_name", "date_of_birth", "birth_date_precision", "ethnicity"}


def _is_empty(name: str, value) -> bool:
    """Whether a field of a child counts as not filled in (so a merge may fill it)."""
    if value is None or value == "":
        return True
    if name == "sex":
        return value == Sex.UNKNOWN
    if name == "parents_status":
        return value == ParentsStatus.UNKNOWN
    # "Taught swimming" unticked usually means "not recorded"; a tick on either record is a fact.
    return value is False


def _fill_empty_fields(keep: Child, other: Child) -> list[str]:
    """Copy into ``keep`` the fields it lacks and ``other`` has; never overwrite. Returns names."""
    filled: list[str] = []
    for name in CHILD_FIELDS:
        if name in NOT_FILLED or name in LINKED_FIELDS:
            continue
        if name == "household":
            if (
                keep.household_id is None
                and other.household_id is not None
                and other.household.village_id == keep.village_id
            ):
                keep.household_id = other.household_id
                filled.append(name)
            continue
        mine, theirs = getattr(keep, name), getattr(other, name)
        if _is_empty(name, mine) and not _is_empty(name, theirs):
            setattr(keep, name, theirs)
            filled.append(name)
    for name, leader in LINKED_FIELDS.items():
        mine, theirs = getattr(keep, name), getattr(other, name)
        same_leader = getattr(keep, leader) == getattr(other, leader)
        if same_leader and _is_empty(name, mine) and not _is_empty(name, theirs):
            setattr(keep, name, theirs)
            filled.append(name)
    return filled


def _move_history(actor, keep: Child, other: Child) -> dict[str, int]:
    """Move memberships, supports, measurements, carers and events of ``other`` onto ``keep``."""
    keep_open = {
        m.group_id: m for m in GroupMembership.objects.filter(child=keep, end_date__isnull=True)
    }
    twice = GroupMembership.objects.filter(
        child=other, end_date__isnull=True, group_id__in=list(keep_open)
    )
    for membership in twice:
        # The same group open on both: close the other record's copy where the kept one
        # starts, so the child counts once and an earlier start stays in the history.
        before = snapshot(membership)
        membership.end_date = max(membership.start_date, keep_open[membership.group_id].start_date)
        membership.end_reason = _("Recorded twice; records merged into #%(id)s.") % {"id": keep.pk}
        membership.save()
        record(
            actor,
            AuditAction.UPDATE,
            membership,
            before=before,
            after=snapshot(membership),
            note=f"closed: duplicate of an open membership of #{keep.pk}",
        )
    known = set(keep.carers.values_list("name_normalized", "relationship"))
    carer_ids = [
        pk
        for pk, name, relationship in other.carers.values_list(
            "pk", "name_normalized", "relationship"
        )
        if (name, relationship) not in known
    ]
    return {
        "memberships": GroupMembership.objects.filter(child=other).update(child=keep),
        "supports": Support.objects.filter(child=other).update(child=keep),
        "measurements": Measurement.objects.filter(child=other).update(child=keep),
        "carers": Carer.objects.filter(pk__in=carer_ids).update(child=keep),
        "events": ChildEvent.objects.filter(child=other).update(child=keep),
    }


def _lock_pair(
    actor, keep: Child, other: Child, expected_versions: tuple[int, int]
) -> tuple[Child, Child]:
    """Lock both rows (in id order, so two merges cannot deadlock) and refuse what may not be."""
    if keep.pk == other.pk:
        raise ValidationError(
            _("Choose two different records: a record cannot be merged into itself.")
        )
    rows = Child.all_objects.select_for_update().filter(pk__in=[keep.pk, other.pk]).order_by("pk")
    locked = {child.pk: child for child in rows}
    if len(locked) != 2:
        raise ValidationError(
            _("One of the two records no longer exists. Open the duplicate report again.")
        )
    kept, dropped = locked[keep.pk], locked[other.pk]
    for child in (kept, dropped):
        if not user_can_at(actor, "registry.change_child", child.scope_path):
            raise PermissionDenied(
                _(
                    "You may not change the record of %(name)s, so you cannot merge it. Ask an "
                    "officer of the commune where the child lives."
                )
                % {"name": child.full_name}
            )
    for child in (kept, dropped):
        if child.deleted_at is not None:
            raise ValidationError(
                _(
                    "The record of %(name)s (#%(id)s) was deleted or already merged. Open the "
                    "duplicate report again."
                )
                % {"name": child.full_name, "id": child.pk}
            )
    for child, expected in zip((kept, dropped), expected_versions, strict=True):
        if child.version != expected:
            changes, by = _changes_since(child, expected)
            raise ConcurrentEditError(child, changes, by)
    if kept.personal_id and dropped.personal_id and kept.personal_id != dropped.personal_id:
        raise ValidationError(
            _(
                "The two records have different ID numbers (%(a)s and %(b)s). A child has only "
                "one: check the birth certificate, correct the wrong number, then merge."
            )
            % {"a": kept.personal_id, "b": dropped.personal_id}
        )
    return kept, dropped


def _write_merge_history(actor, kept: Child, dropped: Child, filled: list[str]) -> None:
    """The "merged" line on both timelines."""
    today = timezone.localdate()
    description = _(
        "Record #%(id)s (%(name)s, born %(born)s) merged into this one; its history was moved here."
    ) % {"id": dropped.pk, "name": dropped.full_name, "born": f"{dropped.date_of_birth:%d/%m/%Y}"}
    if filled:
        labels = ", ".join(str(Child._meta.get_field(name).verbose_name) for name in filled)
        description += " " + _("Filled in from it: %(fields)s.") % {"fields": labels}
    ChildEvent.objects.create(
        child=kept,
        happened_on=today,
        kind=EventKind.MERGED,
        actor=actor,
        description=description[:500],
    )
    ChildEvent.objects.create(
        child=dropped,
        happened_on=today,
        kind=EventKind.MERGED,
        actor=actor,
        description=_("Merged into record #%(id)s (%(name)s).")
        % {"id": kept.pk, "name": kept.full_name},
    )


@transaction.atomic
def merge_children(
    actor, keep: Child, other: Child, *, expected_versions: tuple[int, int]
) -> Child:
    """Merge ``other`` into ``keep``: its history moves over, empty fields of ``keep`` are
    filled, ``other`` is hidden (kept in ``all_objects`` with ``merged_into``); audited.

    ``expected_versions`` are the versions of (keep, other) the actor compared; if either record
    was saved since, nothing is merged and ConcurrentEditError says what changed.
    """
    kept, dropped = _lock_pair(actor, keep, other, expected_versions)
    before_keep = snapshot(kept, AUDIT_FIELDS)
    before_other = snapshot(dropped, MERGE_AUDIT_FIELDS)
    filled = _fill_empty_fields(kept, dropped)
    if "personal_id" in filled:
        try:
            check_personal_id(kept.personal_id, kept.date_of_birth, kept.sex)
        except ValidationError as exc:
            raise ValidationError(
                _(
                    "The ID number %(id)s of the other record does not fit this child: "
                    "%(problem)s Correct the records first, then merge."
                )
                % {"id": dropped.personal_id, "problem": " ".join(exc.messages)}
            ) from exc
    moved = _move_history(actor, kept, dropped)
    now = timezone.now()
    Child.all_objects.filter(pk=dropped.pk).update(
        deleted_at=now,
        deleted_by=actor,
        updated_by=actor,
        updated_at=now,
        merged_into=kept,
        # The ID number moves to the kept record: one live record per number after a merge.
        personal_id=None if "personal_id" in filled else dropped.personal_id,
        version=F("version") + 1,
    )
    kept.version = F("version") + 1
    kept.updated_by = actor
    kept.save()
    kept.refresh_from_db()
    dropped.refresh_from_db()
    _write_merge_history(actor, kept, dropped, filled)
    moved_note = ", ".join(f"{count} {name}" for name, count in moved.items() if count)
    record(
        actor,
        AuditAction.UPDATE,
        kept,
        before=before_keep,
        after=snapshot(kept, AUDIT_FIELDS),
        note=f"merged #{dropped.pk} into this record" + (f" ({moved_note})" if moved_note else ""),
    )
    record(
        actor,
        AuditAction.DELETE,
        dropped,
        before=before_other,
        after=snapshot(dropped, MERGE_AUDIT_FIELDS),
        note=f"merged into #{kept.pk}",
    )
    return kept
