"""The contract between background export jobs and the apps that plug an exporter into them.

An app describes one kind of export (the child register, a list of cases…) as an ``Exporter``
subclass and registers it, usually in its ``exporters.py`` module, which this app discovers at
start-up (``ImportsConfig.ready``) so the web process and the worker know the same exporters.
The job machinery owns queuing, progress, the stored file, retention, downloads and their
audit rows; the exporter only turns request data into JSON-safe parameters, counts its rows
and streams them to a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

if TYPE_CHECKING:
    from django import forms

    from baovetreem.imports.models import ExportJob

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_575  # one sheet holds 1,048,576 rows, the header included


class ExportRefused(Exception):
    """An expected reason not to export (parameters no longer valid, too many rows).

    The message is shown to the user as it is: a full sentence saying what to do.
    """


class Exporter:
    """One kind of export (xuất dữ liệu ra tệp): its parameters, row count and file writer.

    An instance holds no state between calls; the web process uses one to check and count a
    request, the worker another to write the file, possibly after the user's rights changed,
    so ``count`` and ``write`` always re-check ``params`` for ``user`` (``ExportRefused``).
    ``write`` must stream (memory flat whatever the row count) and must not query the
    database per row; it calls ``progress(rows_written_so_far)`` now and then.
    """

    key: ClassVar[str]  # "registry.children": unique, used in URLs and stored on jobs
    label: ClassVar[str]  # gettext_lazy label shown to users
    permission: ClassVar[str]  # "registry.export_child": needed to use this exporter at all
    extension: ClassVar[str] = ".xlsx"
    content_type: ClassVar[str] = XLSX_CONTENT_TYPE
    max_rows: ClassVar[int] = XLSX_MAX_ROWS
    do_not_call_in_templates = True  # templates receive the class: read it, never call it

    def clean_params(self, user, data: Mapping[str, Any]) -> dict:
        """The JSON-safe parameters of a new export from request ``data`` (a QueryDict).

        Raise ``ExportRefused`` with a sentence saying what to change when they are invalid.
        """
        return {}

    def describe(self, user, params: dict) -> list[tuple[str, str]]:
        """(label, value) pairs telling the user what the export holds (its filters)."""
        return []

    def filename(self, job: ExportJob) -> str:
        """The name the downloaded file gets (ASCII is safest for old office software)."""
        return f"export-{job.pk}{self.extension}"

    def count(self, user, params: dict) -> int:
        """How many rows an export with ``params`` would hold for ``user`` now."""
        raise NotImplementedError

    def write(self, user, params: dict, path: Path, progress: Callable[[int], None]) -> int:
        """Write the export to ``path``; return the number of rows written."""
        raise NotImplementedError

    @classmethod
    def user_may_use(cls, user) -> bool:
        """Whether ``user`` may use this exporter at all (rows are scoped by the exporter)."""
        return bool(
            user and user.is_authenticated and user.is_active and user.has_perm(cls.permission)
        )


class UnknownExporter(LookupError):
    """No exporter is registered under this key."""


_REGISTRY: dict[str, type[Exporter]] = {}


def register(exporter_cls: type[Exporter]) -> type[Exporter]:
    """Make an exporter available to export jobs; usable as a class decorator."""
    key = getattr(exporter_cls, "key", "")
    if not key:
        raise ValueError(f"{exporter_cls.__name__} needs a non-empty `key`")
    for attribute in ("label", "permission"):
        if not getattr(exporter_cls, attribute, None):
            raise ValueError(f"{exporter_cls.__name__} needs `{attribute}`")
    existing = _REGISTRY.get(key)
    if existing is not None and _dotted(existing) != _dotted(exporter_cls):
        raise ValueError(f"exporter key {key!r} is already used by {_dotted(existing)}")
    _REGISTRY[key] = exporter_cls
    return exporter_cls


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def unregister(key: str) -> None:
    """Remove an exporter (tests that register a temporary one)."""
    _REGISTRY.pop(key, None)


def get_exporter(key: str) -> type[Exporter]:
    """The exporter registered under ``key``; ``UnknownExporter`` when there is none."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownExporter(key) from None


def registered_exporters() -> list[type[Exporter]]:
    """Every registered exporter, by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


# -- helpers for exporters whose parameters are the cleaned values of a filter form ---------


def json_safe_params(cleaned_data: Mapping[str, Any]) -> dict:
    """Cleaned form values as plain JSON: model instances as their id, empty values left out.

    Feeding the result back to the same form as ``data`` gives the same cleaned values.
    """
    params: dict[str, Any] = {}
    for name, value in cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, models.QuerySet | list | tuple):
            value = [item.pk if isinstance(item, models.Model) else item for item in value]
        elif not isinstance(value, str | int | float | bool):
            value = str(value)
        params[name] = value
    return params


def form_errors_text(form: forms.Form) -> str:
    """A form's errors as one line: "Field: problem; Other field: problem"."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)


def describe_form(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value as the user chose it) for every filled field of a valid form."""
    described = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        if isinstance(value, models.Model):
            text = (
                str(field.label_from_instance(value))
                if hasattr(field, "label_from_instance")
                else str(value)
            )
        elif getattr(field, "choices", None) is not None and not isinstance(value, list):
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        described.append((str(field.label), text))
    return described
