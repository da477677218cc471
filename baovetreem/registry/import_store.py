"""Storing the clean rows of an imported village register: new children in bulk, corrections
of children already in the register one by one; audited, with the child's timeline."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.services import build, snapshot
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Location
from baovetreem.registry.models import (
    Carer,
    Child,
    ChildEvent,
    DatePrecision,
    EventKind,
    GroupMembership,
    Household,
    Relationship,
)
from baovetreem.registry.reference import KINH
from baovetreem.registry.services import AUDIT_FIELDS

# The row's keys that are columns of the child, in the order they are applied.
CHILD_COLUMNS = [
    "full_name",
    "sex",
    "date_of_birth",
    "birth_date_precision",
    "ethnicity",
    "personal_id",
    "birth_registered_on",
    "insurance_number",
    "insurance_valid_until",
    "notes",
]
# Carers named in a row: (row key, relationship, main carer).
CARER_KEYS = [
    ("father_name", Relationship.FATHER, False),
    ("mother_name", Relationship.MOTHER, False),
    # "Người chăm sóc", "Họ tên cha/mẹ": who looks after the child, whichever relative it is.
    ("carer_name", Relationship.OTHER, True),
]
_PRECISION_RANK = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}


class ChangedMeanwhile(ValueError):
    """A child to correct changed (or left the scope) while the import ran."""


def _coarser_birth_date(row: dict, child: Child) -> bool:
    """Whether the row's date of birth only says less than the register already knows.

    "2019" in the file must not turn a known 05/03/2019 into 01/01/2019.
    """
    rank = _PRECISION_RANK.get(row["birth_date_precision"], 0)
    if rank <= _PRECISION_RANK.get(child.birth_date_precision, 0):
        return False
    same_year = row["date_of_birth"].year == child.date_of_birth.year
    if row["birth_date_precision"] == DatePrecision.MONTH:
        return same_year and row["date_of_birth"].month == child.date_of_birth.month
    return same_year


def update_children(actor, today: dt.date, rows: list[dict]) -> tuple[int, int]:
    """Correct children already in the register from rows naming them (by system id).

    An empty cell never erases what is recorded; a child whose row brings nothing new is left
    untouched (no new version, no audit row). Returns (children changed, rows unchanged).
    Raises ``ChangedMeanwhile`` when a child changed or left the scope during the import.
    """
    ids = [row["child_id"] for row in rows]
    children = Child.objects.restrict(actor, "change").select_for_update().in_bulk(ids)
    villages = Location.objects.in_bulk({row["village_id"] for row in rows})
    carers_of: dict[int, list[Carer]] = {}
    for carer in Carer.objects.filter(child_id__in=ids):
        carers_of.setdefault(carer.child_id, []).append(carer)
    open_groups: dict[int, set[int]] = {}
    for child_id, group_id in GroupMembership.objects.filter(
        child_id__in=ids, end_date__isnull=True
    ).values_list("child_id", "group_id"):
        open_groups.setdefault(child_id, set()).add(group_id)
    audits, events, changed, unchanged = [], [], 0, 0
    for row in rows:
        child = children.get(row["child_id"])
        if child is None or (row["version"] is not None and child.version != row["version"]):
            raise ChangedMeanwhile(
                _("A record was changed while the import ran; nothing of this batch was stored.")
            )
        before = snapshot(child, AUDIT_FIELDS)
        village = villages[row["village_id"]]
        fields_changed = child.village_id != village.pk
        child.village, child.scope_path = village, village.path
        keep_birth = _coarser_birth_date(row, child)
        for name in CHILD_COLUMNS:
            value = row[name]
            if value in (None, "") or (
                keep_birth and name in ("date_of_birth", "birth_date_precision")
            ):
                continue  # an empty cell never erases what is recorded
            if getattr(child, name) != value:
                setattr(child, name, value)
                fields_changed = True
        carers = carers_of.get(child.pk, [])
        carers_changed = _update_carers(child, row, carers)
        new_groups = [g for g in row["group_ids"] if g not in open_groups.get(child.pk, set())]
        if not (fields_changed or carers_changed or new_groups):
            unchanged += 1
            continue
        if fields_changed:
            child.updated_by = actor
            child.version = F("version") + 1
            child.save()
            child.refresh_from_db()
        elif carers_changed:
            child.refresh_search_text()
        GroupMembership.objects.bulk_create(
            GroupMembership(
                child=child,
                group_id=group_id,
                start_date=today,
                verified_by=actor,
                verified_on=today,
                source=_("Excel import"),
            )
            for group_id in new_groups
        )
        audit = build(
            actor,
            AuditAction.UPDATE,
            child,
            after=snapshot(child, AUDIT_FIELDS),
            note="excel import",
        )
        audit.before = before
        audits.append(audit)
        events.append(
            ChildEvent(
                child=child,
                happened_on=today,
                kind=EventKind.UPDATED,
                actor=actor,
                description=_("Corrected from Excel (row %(row)d)") % {"row": row["row"]},
            )
        )
        changed += 1
    ChildEvent.objects.bulk_create(events)
    AuditEvent.objects.bulk_create(audits)
    return changed, unchanged


def _update_carers(child: Child, row: dict, carers: list[Carer]) -> bool:
    """Add or rename the carers a row names; whether anything changed."""
    changed = False
    for key, relationship, primary in CARER_KEYS:
        name = row.get(key)
        if not name:
            continue
        same_kind = [c for c in carers if c.relationship == relationship]
        if relationship == Relationship.OTHER:
            # Whoever looks after the child may be any relative already recorded.
            if any(c.name_normalized == normalize_name(name) for c in carers):
                continue
        elif same_kind and same_kind[0].full_name == name:
            continue
        carer = same_kind[0] if same_kind and relationship != Relationship.OTHER else None
        if carer is None:
            carer = Carer(child=child, relationship=relationship, is_primary_carer=primary)
            carers.append(carer)
        carer.full_name = name
        carer.save()
        changed = True
    return changed


def create_children(actor, today: dt.date, rows: list[dict]) -> list[Child]:
    """Add new children (and their households and carers) in bulk; audited as imports."""
    villages = Location.objects.in_bulk({row["village_id"] for row in rows})
    households = _households(rows, villages)
    children = []
    for row in rows:
        village = villages[row["village_id"]]
        child = Child(
            village=village,
            scope_path=village.path,
            full_name=row["full_name"],
            name_normalized=normalize_name(row["full_name"]),
            household=households.get((row["village_id"], normalize_name(row["head_name"])))
            if row["head_name"]
            else None,
            created_by=actor,
            updated_by=actor,
            status_since=today,
        )
        for name in CHILD_COLUMNS:
            if name != "full_name":
                setattr(child, name, row[name])
        child.ethnicity = row["ethnicity"] or KINH  # an empty cell: the register's default
        child.search_text = " | ".join(
            normalize_name(n)
            for n in (
                row["full_name"],
                row["father_name"],
                row["mother_name"],
                row["carer_name"],
                row["head_name"],
            )
            if n
        )[:600]
        if child.birth_registered_on:
            child.birth_registered_on_time = (
                child.birth_registered_on - child.date_of_birth
            ).days <= 60
        children.append(child)
    Child.objects.bulk_create(children, batch_size=1000)
    carers, events, memberships, audits = [], [], [], []
    for row, child in zip(rows, children, strict=True):
        for key, relationship, primary in CARER_KEYS:
            if row[key]:
                carers.append(
                    Carer(
                        child=child,
                        relationship=relationship,
                        full_name=row[key],
                        name_normalized=normalize_name(row[key]),
                        is_primary_carer=primary,
                    )
                )
        events.append(
            ChildEvent(
                child=child,
                happened_on=today,
                kind=EventKind.REGISTERED,
                to_location=child.village,
                actor=actor,
                description=_("Imported from Excel (row %(row)d)") % {"row": row["row"]},
            )
        )
        memberships.extend(
            GroupMembership(
                child=child,
                group_id=group_id,
                start_date=today,
                verified_by=actor,
                verified_on=today,
                source=_("Excel import"),
            )
            for group_id in row["group_ids"]
        )
        audits.append(build(actor, AuditAction.IMPORT, child, after=snapshot(child, AUDIT_FIELDS)))
    Carer.objects.bulk_create(carers, batch_size=2000)
    ChildEvent.objects.bulk_create(events, batch_size=2000)
    GroupMembership.objects.bulk_create(memberships, batch_size=2000)
    if children:
        from baovetreem.registry.signals import children_bulk_changed

        children_bulk_changed.send(
            sender=Child,
            location_ids={child.village_id for child in children},
            since=min(child.date_of_birth for child in children),
        )
    AuditEvent.objects.bulk_create(audits, batch_size=1000)
    return children


def _households(
    rows: list[dict], villages: dict[int, Location]
) -> dict[tuple[int, str], Household]:
    """The households the rows name by their head, found in the village or created."""
    heads = {
        (row["village_id"], normalize_name(row["head_name"])) for row in rows if row["head_name"]
    }
    households: dict[tuple[int, str], Household] = {}
    if not heads:
        return households
    for household in Household.objects.filter(
        village_id__in={v for v, _h in heads}, head_name_normalized__in={h for _v, h in heads}
    ):
        households.setdefault((household.village_id, household.head_name_normalized), household)
    new_households = []
    for village_id, head in sorted(heads):
        if (village_id, head) in households:
            continue
        name = next(
            r["head_name"]
            for r in rows
            if r["village_id"] == village_id and normalize_name(r["head_name"]) == head
        )
        household = Household(
            village=villages[village_id],
            head_name=name,
            head_name_normalized=head,
            scope_path=villages[village_id].path,
        )
        households[(village_id, head)] = household
        new_households.append(household)
    Household.objects.bulk_create(new_households, batch_size=1000)
    return households
