"""A test-only exporter: the villages the actor may export (``locations.export_location``),
optionally those whose name contains a text, so no test-only model is needed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from baovetreem.imports.exporting import Exporter, ExportRefused
from baovetreem.locations.models import Level, Location


class VillageExporter(Exporter):
    key = "tests.villages"
    label = gettext_lazy("Villages (test)")
    permission = "locations.export_location"

    def clean_params(self, user, data):
        name = (data.get("name") or "").strip()
        if len(name) > 20:
            raise ExportRefused("The name filter is too long: use at most 20 letters.")
        return {"name": name} if name else {}

    def describe(self, user, params):
        return [("Name contains", params["name"])] if params.get("name") else []

    def _villages(self, user, params):
        villages = Location.objects.restrict(user, "export").filter(level=Level.VILLAGE)
        if params.get("name"):
            villages = villages.filter(name__icontains=params["name"])
        return villages.order_by("path")

    def filename(self, job):
        return f"thon-{job.pk}.xlsx"

    def count(self, user, params):
        return self._villages(user, params).count()

    def write(self, user, params, path, progress):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Thon")
        sheet.append(["Mã thôn", "Tên thôn", "Mã xã"])
        written = 0
        for village in self._villages(user, params).select_related("parent").iterator(2000):
            sheet.append([village.code, village.name, village.parent.code])
            written += 1
            progress(written)  # every row: the job must not write progress every row
        workbook.save(path)
        return written
