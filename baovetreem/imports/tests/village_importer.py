"""A test-only importer: villages under the communes the actor may add to (like locations'
own village import), storing ``locations.Location`` rows so no test-only model is needed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.tabular import Column, cell_text, parse_date
from baovetreem.imports.base import Importer, RowResult
from baovetreem.locations.models import Kind, Level, Location

COMMUNE, CODE, NAME, FOUNDED = "Mã xã", "Mã thôn", "Tên thôn", "Ngày thành lập"


class VillageImporter(Importer):
    key = "tests.villages"
    label = gettext_lazy("Villages (test)")
    permission = "locations.add_location"
    columns = [
        Column("commune_code", COMMUNE, ("ma don vi", "commune code")),
        Column("code", CODE, ("ma thon/to", "village code")),
        Column("name", NAME, ("ten thon/to", "village name")),
        Column("founded", FOUNDED, ("ngay lap",), required=False),
    ]

    def __init__(self, actor):
        super().__init__(actor)
        communes = Location.objects.restrict(actor, "add").filter(level=Level.COMMUNE)
        self.communes = {unit.code: unit for unit in communes}
        self.taken = {
            (parent_id, code.lower())
            for parent_id, code in Location.objects.filter(
                parent__in=list(self.communes.values()), level=Level.VILLAGE
            ).values_list("parent_id", "code")
        }
        self.first_row_of: dict[tuple[int, str], int] = {}
        self.duplicates: list[tuple[int, str, int]] = []

    def validate_row(self, row_number, values):
        errors = []
        commune_code = cell_text(values["commune_code"]).zfill(5)
        commune = self.communes.get(commune_code)
        if commune is None:
            errors.append(
                (COMMUNE, f"Commune code {commune_code} is not a commune you may add villages to.")
            )
        code = cell_text(values["code"])
        if not code:
            errors.append((CODE, "The village code is empty. Type the village's code."))
        name = cell_text(values["name"])
        if not name:
            errors.append((NAME, "The village name is empty. Type the village's name."))
        try:
            founded = parse_date(values["founded"])
        except ValueError:
            founded = None
            errors.append((FOUNDED, "The date is not a date. Type it as dd/mm/yyyy."))
        if commune is not None and code:
            key = (commune.pk, code.lower())
            if key in self.taken:
                errors.append((CODE, f"Code {code} is already used by another village."))
            elif key in self.first_row_of:
                self.duplicates.append((row_number, code, self.first_row_of[key]))
            else:
                self.first_row_of[key] = row_number
        if errors:
            return RowResult.failed(errors)
        warnings = (
            [] if founded else [(FOUNDED, "No founding date: the village is stored without one.")]
        )
        return RowResult.ok(
            {"commune": commune, "code": code, "name": name, "founded": founded}, warnings
        )

    def finish_validation(self):
        return [
            (row, CODE, f"Code {code} appears twice in this file (also row {first}).")
            for row, code, first in self.duplicates
        ]

    def store(self, cleaned_rows):
        for row in cleaned_rows:
            village = Location(
                level=Level.VILLAGE,
                kind=Kind.THON,
                code=row["code"],
                name=row["name"],
                parent=row["commune"],
                valid_from=row["founded"],
            )
            village.save()
            record(self.actor, AuditAction.IMPORT, village, after=snapshot(village))
        return len(cleaned_rows)

    def template_example_rows(self):
        return [["22001", "T10", "Thôn Mười", "01/01/2020"], ["22001", "T11", "Bản Mười Một", ""]]
