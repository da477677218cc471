"""Exporting the scoped, filtered register to .xlsx, streamed so memory stays flat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.db.models import Prefetch, Q
from django.utils import timezone

from baovetreem.registry.filters import apply_child_filters
from baovetreem.registry.importers import COLUMNS, ID_LABEL
from baovetreem.registry.models import Child, DatePrecision, GroupMembership, Relationship, Sex

ID_HEADER = ID_LABEL
SEX_LABELS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ", Sex.UNKNOWN: "Không biết"}


PARENTS = {Relationship.FATHER, Relationship.MOTHER}


def _born(child: Child) -> str:
    """The date of birth as precisely as it is known ("2019", "03/2019" or "05/03/2019"),
    which the import reads back with the same precision."""
    if child.birth_date_precision == DatePrecision.YEAR:
        return str(child.date_of_birth.year)
    if child.birth_date_precision == DatePrecision.MONTH:
        return child.date_of_birth.strftime("%m/%Y")
    return child.date_of_birth.strftime("%d/%m/%Y")


def export_queryset(user, filters: dict, day: dt.date):
    """The children an export contains: scoped for "export", then filtered like the list."""
    children = Child.objects.restrict(user, "export")
    return apply_child_filters(children, filters, day, user)


def write_children_xlsx(
    user,
    filters: dict,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    chunk: int = 2000,
) -> int:
    """Write the register to ``path`` in the import template's columns, with each child's system
    id and record version, so the corrected file imports back as corrections (Đề án 06 round
    trip); returns the number of children written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    day = timezone.localdate()
    open_groups = Prefetch(
        "memberships",
        queryset=GroupMembership.objects.filter(start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("group", "group__parent"),
        to_attr="open_memberships",
    )
    children = (
        export_queryset(user, filters, day)
        .select_related("village", "village__parent", "household")
        .prefetch_related("carers", open_groups)
        .order_by("scope_path", "name_normalized", "pk")
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("So theo doi tre em")
    bold = Font(bold=True)
    header = [column.label for column in COLUMNS]
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    written = 0
    for child in children.iterator(chunk_size=chunk):
        carers = {c.relationship: c.full_name for c in child.carers.all()}
        # Whoever else looks after the child (the import's "Người chăm sóc" column).
        other_carer = next(
            (c.full_name for c in child.carers.all() if c.relationship not in PARENTS), ""
        )
        special = sorted(
            (m.group.parent.code if m.group.parent_id else m.group.code)
            for m in child.open_memberships
            if m.group.kind == "special"
        )
        risks = sorted(m.group.code for m in child.open_memberships if m.group.kind == "at_risk")
        commune = child.village.parent.code if child.village.parent_id else child.village.code
        sheet.append(
            [
                child.pk,
                commune,
                child.village.code,
                child.full_name,
                _born(child),
                SEX_LABELS.get(child.sex, ""),
                child.get_ethnicity_display(),
                child.personal_id or "",
                carers.get("father", ""),
                carers.get("mother", ""),
                child.household.head_name if child.household_id else "",
                child.birth_registered_on.strftime("%d/%m/%Y") if child.birth_registered_on else "",
                child.insurance_number,
                child.insurance_valid_until.strftime("%d/%m/%Y")
                if child.insurance_valid_until
                else "",
                ", ".join(dict.fromkeys(special)),
                ", ".join(risks),
                other_carer,
                child.notes,
                child.version,
            ]
        )
        written += 1
        if progress and written % chunk == 0:
            progress(written)
    workbook.save(path)
    if progress:
        progress(written)
    return written
