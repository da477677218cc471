"""The child register as background exports (discovered by ``ImportsConfig.ready``): the raw
register in the import template's columns, and the printable register (.xlsx and PDF).

The parameters are the register list's filters as plain JSON (ids for villages and groups).
They are checked again with ``ChildFilterForm`` for the requester each time they are used, so
a village taken out of the person's area between the request and the run is refused, and the
rows are always scoped for "export" by ``registry.exports``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.core.pdf import PdfUnavailable
from baovetreem.imports.exporting import (
    Exporter,
    ExportRefused,
    describe_form,
    form_errors_text,
    json_safe_params,
    register,
)
from baovetreem.registry.exports import export_queryset, write_children_xlsx
from baovetreem.registry.forms import ChildFilterForm, VillageRegisterForm
from baovetreem.registry.register_print import register_pdf, write_register_xlsx
from baovetreem.registry.village_register import MAX_CHILDREN, build_register, register_children


@register
class ChildRegisterExporter(Exporter):
    """The filtered register (sổ theo dõi trẻ em) in the import template's columns."""

    key = "registry.children"
    label = gettext_lazy("Child register")
    permission = "registry.export_child"

    def _form(self, user, data: Mapping[str, Any]) -> ChildFilterForm:
        form = ChildFilterForm(data=data, user=user)
        if not form.is_valid():
            raise ExportRefused(
                _(
                    "The filters of this export are not valid for you (%(errors)s). Change the "
                    "filters on the register list and export again."
                )
                % {"errors": form_errors_text(form)}
            )
        return form

    def _filters(self, user, params: dict) -> dict:
        return self._form(user, params).cleaned_data

    def clean_params(self, user, data: Mapping[str, Any]) -> dict:
        return json_safe_params(self._filters(user, data))

    def describe(self, user, params: dict) -> list[tuple[str, str]]:
        form = self._form(user, params)
        described = describe_form(form)
        if not params.get("status"):
            # An empty status means "living here", not "every status": say so.
            status = form.fields["status"]
            described.append((str(status.label), str(dict(status.choices)[""])))
        return described

    def filename(self, job) -> str:
        created = timezone.localtime(job.created_at)
        return f"so-theo-doi-tre-em-{created:%Y%m%d-%H%M}-{job.pk}.xlsx"

    def count(self, user, params: dict) -> int:
        return export_queryset(user, self._filters(user, params), timezone.localdate()).count()

    def write(self, user, params: dict, path: Path, progress: Callable[[int], None]) -> int:
        return write_children_xlsx(user, self._filters(user, params), path, progress=progress)


class _VillageRegisterExporter(Exporter):
    """The printable register (sổ theo dõi trẻ em) of one village or commune for one year."""

    permission = "registry.export_child"
    max_rows = MAX_CHILDREN

    def _form(self, user, data: Mapping[str, Any]) -> VillageRegisterForm:
        form = VillageRegisterForm(data=data, user=user)
        if not form.is_valid():
            raise ExportRefused(
                _(
                    "This register cannot be printed for you (%(errors)s). Choose a village or "
                    "commune of your area and a year, then print again."
                )
                % {"errors": form_errors_text(form)}
            )
        return form

    def clean_params(self, user, data: Mapping[str, Any]) -> dict:
        return json_safe_params(self._form(user, data).cleaned_data)

    def describe(self, user, params: dict) -> list[tuple[str, str]]:
        return describe_form(self._form(user, params))

    def _register(self, user, params: dict):
        data = self._form(user, params).cleaned_data
        return data["unit"], data["year"]

    def filename(self, job) -> str:
        unit = job.params.get("unit", "")
        return f"so-theo-doi-tre-em-{job.params.get('year', '')}-{unit}-{job.pk}{self.extension}"

    def count(self, user, params: dict) -> int:
        unit, year = self._register(user, params)
        return register_children(user, unit, year).count()

    def _build(self, user, params: dict, progress: Callable[[int], None]):
        unit, year = self._register(user, params)
        book = build_register(user, unit, year)
        progress(book.row_count)
        return book


@register
class VillageRegisterXlsxExporter(_VillageRegisterExporter):
    key = "registry.village_register_xlsx"
    label = gettext_lazy("Village register for printing (Excel)")

    def write(self, user, params: dict, path: Path, progress: Callable[[int], None]) -> int:
        return write_register_xlsx(self._build(user, params, progress), path)


@register
class VillageRegisterPdfExporter(_VillageRegisterExporter):
    key = "registry.village_register_pdf"
    label = gettext_lazy("Village register for printing (PDF)")
    extension = ".pdf"
    content_type = "application/pdf"

    def write(self, user, params: dict, path: Path, progress: Callable[[int], None]) -> int:
        book = self._build(user, params, progress)
        try:
            path.write_bytes(register_pdf(book))
        except PdfUnavailable as exc:
            raise ExportRefused(str(exc)) from exc
        return book.row_count
