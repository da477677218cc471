"""Registering, correcting, moving, deleting and restoring children; ageing out at 16.
Every change is checked against the actor's scope and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.services import record, snapshot
from baovetreem.core.models import user_can_at
from baovetreem.core.text import clean_entered_text, clean_text_fields
from baovetreem.locations.models import Level, Location
from baovetreem.registry.models import (
    Carer,
    Child,
    ChildEvent,
    ChildStatus,
    EventKind,
)
from baovetreem.registry.validators import (
    check_date_of_birth,
    check_insurance_number,
    check_name_has_letters,
    check_personal_id,
    clean_insurance_number,
    clean_personal_id,
)

CHILD_FIELDS = [
    "full_name",
    "sex",
    "date_of_birth",
    "birth_date_precision",
    "ethnicity",
    "personal_id",
    "parents_status",
    "birth_registered_on",
    "insurance_number",
    "insurance_valid_until",
    "disability_type",
    "disability_severity",
    "school_level",
    "school_name",
    "grade",
    "out_of_school_since",
    "swimming_skills",
    "injury_prevention",
    "household",
    "notes",
]
# The free-text columns of a child, cleaned by ``core.text.clean_entered_text`` on every path.
TEXT_FIELDS = ["full_name", "school_name", "grade", "notes"]
AUDIT_FIELDS = [*CHILD_FIELDS, "village", "status", "status_since", "moved_to", "version"]
# Said only of a child the user may see (``check_unique_id``), in every path: form, API, import.
ID_IN_YOUR_REGISTER = gettext_lazy(
    "Another child in the register already has this ID number. Search for it: it may be the "
    "same child (a duplicate) or a typing mistake."
)


class ConcurrentEditError(Exception):
    """Someone else saved the child since this user opened it; carries what they changed."""

    def __init__(self, child: Child, changes: list[tuple[str, Any, Any]], by: list[str]):
        super().__init__("concurrent edit")
        self.child = child
        self.changes = changes
        self.by = by


def _require(actor, perm: str, location: Location, message: str) -> None:
    if not user_can_at(actor, perm, location.path):
        raise PermissionDenied(message)


def _clean_identity(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    # Every text the same way as on the import and the API (core.text.clean_entered_text).
    data, errors = clean_text_fields(Child, data, TEXT_FIELDS)
    data["full_name"] = data.get("full_name") or ""
    if "full_name" in errors:
        pass
    elif not data["full_name"]:
        errors["full_name"] = [_("Enter the child's full name.")]
    else:
        try:
            check_name_has_letters(data["full_name"])
        except ValidationError as exc:
            errors["full_name"] = list(exc.messages)
    if data.get("insurance_number"):
        try:
            # Spaces typed inside the number are tolerated; the format bounds its length.
            data["insurance_number"] = clean_insurance_number(
                clean_entered_text(data["insurance_number"])
            )
            check_insurance_number(data["insurance_number"])
        except ValidationError as exc:
            errors["insurance_number"] = list(exc.messages)
    dob = data.get("date_of_birth")
    if dob is None:
        errors.setdefault("date_of_birth", []).append(_("Enter the date of birth."))
    else:
        try:
            check_date_of_birth(dob, today)
        except ValidationError as exc:
            errors.setdefault("date_of_birth", []).extend(exc.messages)
    data["personal_id"] = clean_personal_id(data.get("personal_id"))
    if data["personal_id"]:
        try:
            check_personal_id(data["personal_id"], dob, data.get("sex"))
        except ValidationError as exc:
            errors.setdefault("personal_id", []).extend(exc.messages)
    registered = data.get("birth_registered_on")
    if registered and dob and registered < dob:
        errors.setdefault("birth_registered_on", []).append(
            _("The birth cannot be registered before the date of birth.")
        )
    if registered and registered > today:
        errors.setdefault("birth_registered_on", []).append(
            _("The registration date is in the future.")
        )
    if data.get("disability_severity") and not data.get("disability_type"):
        errors.setdefault("disability_type", []).append(
            _("Choose the type of disability, or leave the severity empty.")
        )
    if errors:
        raise ValidationError(errors)
    return data


CARER_TEXT_FIELDS = ["full_name", "personal_id", "phone", "occupation"]


def clean_carers(carers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Carers' texts cleaned like the child's; errors named after the form's name fields."""
    cleaned, problems = [], {}
    field_of = {"father": "father_name", "mother": "mother_name"}
    for carer in carers:
        data, errors = clean_text_fields(Carer, carer, CARER_TEXT_FIELDS)
        key = field_of.get(carer.get("relationship"), "carer_name")
        if not errors.get("full_name") and data.get("full_name"):
            try:
                check_name_has_letters(data["full_name"])
            except ValidationError as exc:
                errors["full_name"] = list(exc.messages)
        for name, messages in errors.items():
            problems.setdefault(key if name == "full_name" else name, []).extend(messages)
        cleaned.append(data)
    if problems:
        raise ValidationError(problems)
    return cleaned


def check_unique_id(actor, personal_id: str | None, exclude_pk: int | None = None) -> None:
    """Refuse an ID number that another child of ``actor``'s register already has.

    Only the children ``actor`` may see are compared. An ID number held by a child outside
    their scope (another commune, another province, a deleted record) is taken as typed:
    refusing it, with whatever wording, would tell a commune officer that the number exists
    elsewhere, and so which children live in communes they may not see. The two records then
    share the number, and the duplicate report of whoever sees both (the provincial officer for
    two communes of the province) lists them with "same ID number", to merge them when they are
    one child who moved, or to correct the mistyped number. The commune's work is not held up
    by a record it cannot see; the province, which sees both, decides.
    """
    if not personal_id:
        return
    clash = Child.objects.restrict(actor, "view").filter(personal_id=personal_id)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"personal_id": [str(ID_IN_YOUR_REGISTER)]})


@transaction.atomic
def register_child(
    actor,
    *,
    village: Location,
    data: dict[str, Any],
    on: dt.date | None = None,
    carers: list[dict[str, Any]] | None = None,
) -> Child:
    """Add a child to the register of a village the actor may add to; audited."""
    if village.level not in {Level.VILLAGE, Level.COMMUNE}:
        raise ValidationError({"village": [_("Choose the child's village.")]})
    _require(actor, "registry.add_child", village, _("You may not add children to this village."))
    today = on or timezone.localdate()
    data = _clean_identity(data, today)
    carers = clean_carers(carers or [])
    check_unique_id(actor, data.get("personal_id"))
    household = data.get("household")
    if household is not None and household.village_id != village.pk:
        raise ValidationError({"household": [_("The household belongs to another village.")]})
    child = Child(village=village, created_by=actor, updated_by=actor, status_since=today)
    for name in CHILD_FIELDS:
        if name in data:
            setattr(child, name, data[name])
    child.save()
    for carer in carers:
        Carer.objects.create(child=child, **carer)
    ChildEvent.objects.create(
        child=child, happened_on=today, kind=EventKind.REGISTERED, to_location=village, actor=actor
    )
    record(actor, AuditAction.CREATE, child, after=snapshot(child, AUDIT_FIELDS))
    return child


def _changes_since(child: Child, version: int) -> tuple[list[tuple[str, Any, Any]], list[str]]:
    """Fields changed by others since ``version`` and who changed them, from the audit log."""
    events = AuditEvent.objects.filter(object_type="registry.child", object_id=str(child.pk))
    # The update that moved the record past ``version`` holds, as "before", what the user saw.
    seen = events.filter(before__version=version).order_by("id").first()
    seen_state = seen.before if seen else None
    if seen_state is None:
        fallback = events.filter(after__version=version).order_by("-id").first()
        seen_state = fallback.after if fallback else None
    by = sorted(
        set(events.filter(after__version__gt=version).values_list("actor_username", flat=True))
    )
    if seen_state is None:
        return [], by
    now = snapshot(child, AUDIT_FIELDS)
    changes = [
        (name, seen_state.get(name), now.get(name))
        for name in AUDIT_FIELDS
        if name != "version" and seen_state.get(name) != now.get(name)
    ]
    return changes, by


@transaction.atomic
def update_child(
    actor, child: Child, *, data: dict[str, Any], expected_version: int, on: dt.date | None = None
) -> Child:
    """Correct a child's details; refused if someone saved it since ``expected_version``."""
    locked = Child.objects.select_for_update().get(pk=child.pk)
    _require(
        actor, "registry.change_child", locked.village, _("You may not change this child's record.")
    )
    if locked.version != expected_version:
        changes, by = _changes_since(locked, expected_version)
        raise ConcurrentEditError(locked, changes, by)
    today = on or timezone.localdate()
    merged = {name: getattr(locked, name) for name in CHILD_FIELDS}
    merged.update(data)
    if merged.get("date_of_birth") == locked.date_of_birth:
        # Children who have since turned 16 can still be corrected.
        cleaned = _clean_identity(merged, locked.created_at.date() if locked.created_at else today)
    else:
        cleaned = _clean_identity(merged, today)
    check_unique_id(actor, cleaned.get("personal_id"), exclude_pk=locked.pk)
    before = snapshot(locked, AUDIT_FIELDS)
    for name in CHILD_FIELDS:
        setattr(locked, name, cleaned.get(name))
    locked.version = F("version") + 1
    locked.updated_by = actor
    locked.save()
    locked.refresh_from_db()
    after = snapshot(locked, AUDIT_FIELDS)
    changed = [k for k in CHILD_FIELDS if before.get(k) != after.get(k)]
    if changed:
        ChildEvent.objects.create(
            child=locked,
            happened_on=today,
            kind=EventKind.UPDATED,
            actor=actor,
            description=", ".join(str(Child._meta.get_field(k).verbose_name) for k in changed),
        )
    record(actor, AuditAction.UPDATE, locked, before=before, after=after)
    return locked


@transaction.atomic
def move_child(actor, child: Child, *, to: Location, on: dt.date, note: str = "") -> Child:
    """Move a child to another village or commune; the record passes to the new scope.

    Within the actor's scope the child simply changes village. To a unit outside it, the child
    is handed over: the receiving commune sees it (its village to be set there), and the sender
    keeps only the history of the move in the audit log.
    """
    locked = Child.objects.select_for_update().get(pk=child.pk)
    _require(
        actor, "registry.change_child", locked.village, _("You may not change this child's record.")
    )
    if to.level not in {Level.VILLAGE, Level.COMMUNE}:
        raise ValidationError(
            {"to": [_("Choose a village, or the commune if the village is not known.")]}
        )
    if to.pk == locked.village_id:
        raise ValidationError({"to": [_("The child already lives there.")]})
    before = snapshot(locked, AUDIT_FIELDS)
    origin = locked.village
    locked.village = to
    locked.status = ChildStatus.LIVING_HERE
    locked.status_since = on
    locked.moved_to = None
    locked.version = F("version") + 1
    locked.updated_by = actor
    locked.save()
    locked.refresh_from_db()
    ChildEvent.objects.create(
        child=locked,
        happened_on=on,
        kind=EventKind.MOVED,
        status=ChildStatus.LIVING_HERE,
        from_location=origin,
        to_location=to,
        actor=actor,
        description=note,
    )
    # Filed under both places: the sender's auditors see the hand-over, the receiver's too.
    record(
        actor,
        AuditAction.UPDATE,
        locked,
        before=before,
        after=snapshot(locked, AUDIT_FIELDS),
        location_path=origin.path,
        note=f"moved to {to.full_name()}",
    )
    if not to.path.startswith(origin.path):
        record(
            actor,
            AuditAction.UPDATE,
            locked,
            after=snapshot(locked, AUDIT_FIELDS),
            note=f"moved from {origin.full_name()}",
        )
    return locked


@transaction.atomic
def set_status(actor, child: Child, *, status: str, on: dt.date, note: str = "") -> Child:
    """Record that a child died or otherwise left the register (history is kept)."""
    locked = Child.objects.select_for_update().get(pk=child.pk)
    _require(
        actor, "registry.change_child", locked.village, _("You may not change this child's record.")
    )
    if status not in ChildStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if on < locked.date_of_birth or on > timezone.localdate():
        raise ValidationError({"on": [_("The date must be between the birth and today.")]})
    before = snapshot(locked, AUDIT_FIELDS)
    locked.status, locked.status_since = status, on
    locked.version = F("version") + 1
    locked.updated_by = actor
    locked.save()
    locked.refresh_from_db()
    ChildEvent.objects.create(
        child=locked,
        happened_on=on,
        kind=EventKind.STATUS,
        status=status,
        actor=actor,
        description=f"{locked.get_status_display()}. {note}".strip(),
    )
    record(actor, AuditAction.UPDATE, locked, before=before, after=snapshot(locked, AUDIT_FIELDS))
    return locked


@transaction.atomic
def delete_child(actor, child: Child, *, reason: str) -> None:
    """Soft-delete a record entered by mistake; it disappears from lists but is kept."""
    _require(
        actor, "registry.delete_child", child.village, _("You may not delete this child's record.")
    )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the record is deleted.")]})
    before = snapshot(child, AUDIT_FIELDS)
    Child.all_objects.filter(pk=child.pk).update(
        deleted_at=timezone.now(), deleted_by=actor, version=F("version") + 1
    )
    ChildEvent.objects.create(
        child=child,
        happened_on=timezone.localdate(),
        kind=EventKind.DELETED,
        actor=actor,
        description=reason,
    )
    record(actor, AuditAction.DELETE, child, before=before, note=reason)


@transaction.atomic
def purge_child(actor, child: Child) -> None:
    """Erase a soft-deleted record for good (administrators only); the audit row remains."""
    if not (actor.is_superuser or user_can_at(actor, "registry.purge_child", child.scope_path)):
        raise PermissionDenied(_("Only administrators may erase records for good."))
    if child.deleted_at is None:
        raise ValidationError(_("Delete the record first; only deleted records can be erased."))
    record(actor, AuditAction.DELETE, child, before=snapshot(child, AUDIT_FIELDS), note="purged")
    child.delete()


def sixteenth_birthday(born: dt.date) -> dt.date:
    """The day a child turns 16 (29 February births turn 16 on 1 March of a common year)."""
    try:
        return born.replace(year=born.year + 16)
    except ValueError:
        return dt.date(born.year + 16, 3, 1)


@transaction.atomic
def age_out_children(on: dt.date | None = None, batch: int = 1000) -> int:
    """Mark children living here who have turned 16 as aged out, from their 16th birthday.

    They stay in the register (reports of past periods need them) with a timeline event and an
    audit row; run daily by the scheduler (``manage.py age_out_children``).
    """
    from baovetreem.registry.filters import years_ago

    day = on or timezone.localdate()
    limit = years_ago(day, 16)
    changed = 0
    candidates = Child.objects.filter(status=ChildStatus.LIVING_HERE, date_of_birth__lte=limit)
    for child in candidates.select_for_update().iterator(chunk_size=batch):
        birthday = sixteenth_birthday(child.date_of_birth)
        if birthday > day:
            continue
        before = snapshot(child, AUDIT_FIELDS)
        child.status, child.status_since = ChildStatus.AGED_OUT, birthday
        child.version += 1
        child.save(update_fields=["status", "status_since", "version", "updated_at"])
        ChildEvent.objects.create(
            child=child,
            happened_on=birthday,
            kind=EventKind.STATUS,
            status=ChildStatus.AGED_OUT,
            description=child.get_status_display(),
        )
        record(
            None,
            AuditAction.UPDATE,
            child,
            before=before,
            after=snapshot(child, AUDIT_FIELDS),
            note="aged out",
        )
        changed += 1
    return changed


@transaction.atomic
def restore_child(actor, child: Child) -> Child:
    """Bring back a record deleted by mistake (not one merged into another); audited."""
    if not user_can_at(actor, "registry.delete_child", child.scope_path):
        raise PermissionDenied(_("You may not restore this child's record."))
    if child.deleted_at is None:
        raise ValidationError(_("This record is not deleted."))
    if child.merged_into_id:
        raise ValidationError(
            _("This record was merged into another one; open that record instead.")
        )
    check_unique_id(actor, child.personal_id, exclude_pk=child.pk)
    Child.all_objects.filter(pk=child.pk).update(
        deleted_at=None, deleted_by=None, version=F("version") + 1
    )
    child.refresh_from_db()
    ChildEvent.objects.create(
        child=child, happened_on=timezone.localdate(), kind=EventKind.RESTORED, actor=actor
    )
    record(actor, AuditAction.UPDATE, child, after=snapshot(child, AUDIT_FIELDS), note="restored")
    return child
