"""The contract between the import pipeline and the apps that plug an importer into it.

An app describes one kind of import (children, households, villages…) as an ``Importer``
subclass and registers it, usually in its ``importers.py`` module, which the pipeline discovers
at start-up (``ImportsConfig.ready``) so the web process and the worker know the same importers.
The pipeline owns files, header detection, column mapping, progress, row errors and
transactions; the importer only checks one row at a time and stores batches of clean rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from baovetreem.core.tabular import Column


@dataclass
class RowResult:
    """The outcome of checking one row: cleaned values, or the problems that stop it."""

    cleaned: dict | None  # None when the row has errors
    # (column label as in the file / our template, a full sentence saying what to fix)
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # Column key → the value as the preview shows it, in the user's words (never a code).
    shown: dict[str, str] = field(default_factory=dict)

    @classmethod
    def ok(
        cls,
        cleaned: dict,
        warnings: list[tuple[str, str]] | None = None,
        shown: dict[str, str] | None = None,
    ) -> RowResult:
        """A row that can be stored."""
        return cls(cleaned=cleaned, errors=[], warnings=list(warnings or []), shown=shown or {})

    @classmethod
    def failed(
        cls,
        errors: list[tuple[str, str]],
        warnings: list[tuple[str, str]] | None = None,
        shown: dict[str, str] | None = None,
    ) -> RowResult:
        """A row that cannot be stored until the listed problems are fixed."""
        return cls(
            cleaned=None, errors=list(errors), warnings=list(warnings or []), shown=shown or {}
        )


class DuplicateChoice(models.TextChoices):
    """What to do with a row that matches a record already stored (a re-imported register)."""

    SKIP = "skip", _("Skip the row: keep the register as it is")
    UPDATE = "update", _("Update the record already in the register")
    ADD = "add", _("Add it as a new record anyway")


@dataclass
class RowMatch:
    """A row that is, or may be, a record already stored, as the user may be told of it."""

    row: int
    record_id: int
    exact: bool  # the same record for sure ("already in the register"), else only likely
    description: str  # a sentence naming the record (only records the user may see)


class Importer:
    """One kind of import (nhập dữ liệu từ Excel): its columns, row checks and storage.

    The pipeline creates a *fresh instance for each pass* over the file (the preview, the
    checking pass, the storing pass), always with the same rows in the same order, so an
    importer may keep state across rows (identity numbers already seen) for cross-row checks
    reported by ``finish_validation``. ``__init__`` should load every lookup it needs (the
    actor's villages, existing identity numbers) once: ``validate_row`` runs for every row
    and must not query the database per row.
    """

    key: ClassVar[str]  # "registry.children": unique, used in URLs and stored on jobs
    label: ClassVar[str]  # gettext_lazy label shown to users
    columns: ClassVar[list[Column]]  # the columns we expect, in template order
    permission: ClassVar[str]  # "registry.add_child": needed to use this importer at all
    # Whether ``matches`` can tell rows that are records already stored (the preview then
    # asks what to do with them).
    finds_matches: ClassVar[bool] = False
    do_not_call_in_templates = True  # templates receive the class: read it, never call it

    def __init__(self, actor) -> None:
        self.actor = actor
        # What the user chose for rows matching stored records: for all, and row by row.
        self.duplicate_default: str = DuplicateChoice.SKIP
        self.duplicate_choices: dict[int, str] = {}
        # Rows left out or left unchanged while storing (row, column, sentence), listed as
        # warnings by the pipeline, and how many rows were left as they were.
        self.store_notes: list[tuple[int, str, str]] = []
        self.unchanged = 0

    def choice_for(self, row: int) -> str:
        """The user's choice for a row that matches a stored record."""
        return self.duplicate_choices.get(row, self.duplicate_default)

    def matches(self) -> dict[int, RowMatch]:
        """Rows that match records already stored, found by ``finish_validation`` (row → match).

        Only importers that can tell a re-imported record have any; the preview marks them and
        lets the user choose what to do with each (``DuplicateChoice``).
        """
        return {}

    def validate_row(self, row_number: int, values: dict[str, object]) -> RowResult:
        """Check one data row. ``values`` maps every column key to the raw cell (or None).

        Raw cells are what the file holds: text, numbers, Excel dates (``datetime``) or None;
        use ``core.tabular.cell_text`` and ``parse_date`` to read them.
        """
        raise NotImplementedError

    def finish_validation(self) -> list[tuple[int, str, str]]:
        """Cross-row problems found after every row was checked: (row, column, message).

        Row 0 stands for the file as a whole and stops the import in either mode.
        """
        return []

    def store(self, cleaned_rows: list[dict]) -> int:
        """Store a batch of cleaned rows and their audit rows; return how many were stored.

        Called inside ``transaction.atomic``: raise to store nothing of the batch. Write one
        audit row per stored record (``audit.services.record`` with action "import").
        """
        raise NotImplementedError

    def template_example_rows(self) -> list[list]:
        """Synthetic example rows for the downloadable template, in ``columns`` order."""
        return []

    @classmethod
    def user_may_use(cls, user) -> bool:
        """Whether ``user`` may use this importer at all (scope is checked row by row)."""
        return bool(
            user and user.is_authenticated and user.is_active and user.has_perm(cls.permission)
        )


class UnknownImporter(LookupError):
    """No importer is registered under this key."""


_REGISTRY: dict[str, type[Importer]] = {}


def register(importer_cls: type[Importer]) -> type[Importer]:
    """Make an importer available to the pipeline; usable as a class decorator."""
    key = getattr(importer_cls, "key", "")
    if not key:
        raise ValueError(f"{importer_cls.__name__} needs a non-empty `key`")
    for attribute in ("label", "columns", "permission"):
        if not getattr(importer_cls, attribute, None):
            raise ValueError(f"{importer_cls.__name__} needs `{attribute}`")
    existing = _REGISTRY.get(key)
    if existing is not None and _dotted(existing) != _dotted(importer_cls):
        raise ValueError(f"importer key {key!r} is already used by {_dotted(existing)}")
    _REGISTRY[key] = importer_cls
    return importer_cls


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def unregister(key: str) -> None:
    """Remove an importer (tests that register a temporary one)."""
    _REGISTRY.pop(key, None)


def get_importer(key: str) -> type[Importer]:
    """The importer registered under ``key``; ``UnknownImporter`` when there is none."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownImporter(key) from None


def registered_importers() -> list[type[Importer]]:
    """Every registered importer, by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]
