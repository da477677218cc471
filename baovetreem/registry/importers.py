"""Importing the village register from Excel (sổ theo dõi trẻ em) through the import pipeline.

The columns and their wordings are in ``import_columns``, the storing in ``import_store``, the
rows that are children already in the register in ``import_matching``. Every text is cleaned
as on the pages and the API (``core.text.clean_entered_text``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.core.tabular import DateReading, cell_text, read_date
from baovetreem.core.text import LONG_TEXT_MAX_LENGTH, clean_entered_text, normalize_name
from baovetreem.imports.base import DuplicateChoice, Importer, RowMatch, RowResult, register
from baovetreem.locations.models import Level, Location
from baovetreem.registry.ethnicity import closest_ethnic_groups, ethnic_group_code
from baovetreem.registry.import_columns import (
    BORN_LABEL,
    CARD_LABEL,
    CARD_UNTIL_LABEL,
    CARER_LABEL,
    CHANGED_SINCE_EXPORT,
    COLUMNS,
    COMMUNE_LABEL,
    ETHNIC_LABEL,
    FATHER_LABEL,
    GROUPS_LABEL,
    HEAD_LABEL,
    ID_LABEL,
    MOTHER_LABEL,
    NAME_LABEL,
    NOT_IN_SCOPE,
    NOTES_LABEL,
    PERSONAL_ID_LABEL,
    REGISTERED_LABEL,
    RISK_LABEL,
    SEX_LABEL,
    SEX_WORDS,
    VERSION_LABEL,
    VILLAGE_LABEL,
)
from baovetreem.registry.import_matching import RowIdentity, find_matches
from baovetreem.registry.import_store import ChangedMeanwhile, create_children, update_children
from baovetreem.registry.models import CHILD_AGE_LIMIT, Child, Group, Sex, age_on
from baovetreem.registry.reference import ETHNIC_GROUP_NAMES
from baovetreem.registry.services import ID_IN_YOUR_REGISTER
from baovetreem.registry.validators import (
    check_insurance_number,
    check_name_has_letters,
    check_personal_id,
    clean_insurance_number,
    clean_personal_id,
)

__all__ = ["COLUMNS", "ID_LABEL", "ChildImporter"]

_CODE_SPLIT = re.compile(r"[,;/\s]+")
NAME_MAX_LENGTH = Child._meta.get_field("full_name").max_length
NAME_COLUMNS = [
    ("full_name", NAME_LABEL),
    ("father_name", FATHER_LABEL),
    ("mother_name", MOTHER_LABEL),
    ("carer_name", CARER_LABEL),
    ("head_name", HEAD_LABEL),
]


def _shown_date(reading: DateReading) -> str:
    if reading.precision == "year":
        return str(reading.date.year)
    if reading.precision == "month":
        return reading.date.strftime("%m/%Y")
    return formats.date_format(reading.date, "SHORT_DATE_FORMAT")


class _Row:
    """One row being checked: its raw cells, the problems found, what the preview shows."""

    def __init__(self, number: int, values: dict[str, object]) -> None:
        self.number = number
        self.values = values
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.shown: dict[str, str] = {}
        self.refused: set[str] = set()  # columns already refused (control characters)

    def text(self, key: str) -> str:
        return "" if key in self.refused else cell_text(self.values.get(key))

    def error(self, label: str, message: str) -> None:
        self.errors.append((label, str(message)))

    def has_error(self, label: str) -> bool:
        return any(column == label for column, _m in self.errors)


@register
class ChildImporter(Importer):
    """Rows of a village register: one child per row, with parents, carer and groups."""

    key = "registry.children"
    label = gettext_lazy("Children (village register)")
    columns = COLUMNS
    permission = "registry.add_child"
    finds_matches = True

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.today = timezone.localdate()
        places = (
            Location.objects.holding(actor, "registry.add_child")
            .filter(level__in=[Level.VILLAGE, Level.COMMUNE])
            .select_related("parent")
        )
        self.villages: dict[tuple[str, str], Location] = {}
        self.communes: dict[str, str] = {}  # code → name
        for unit in places:
            if unit.level == Level.COMMUNE:
                self.communes[unit.code] = unit.name
                continue
            commune = unit.parent.code
            self.communes.setdefault(commune, unit.parent.name)
            self.villages[(commune, unit.code.lower())] = unit
            self.villages[(commune, normalize_name(unit.name))] = unit
        # Someone working in a single commune (or a collaborator in one village) may leave the
        # commune code out of the sheet.
        self.only_commune = next(iter(self.communes)) if len(self.communes) == 1 else None
        self.groups = {g.code.lower(): g for g in Group.objects.filter(is_active=True)}
        self.seen_ids: dict[str, int] = {}
        self.id_owner: dict[str, int | None] = {}  # personal ID → child id the row updates
        self.updates: dict[int, tuple[int, int | None]] = {}  # child id → (row, version)
        self.identities: list[RowIdentity] = []  # new rows, to find in the register
        self._matches: dict[int, RowMatch] = {}

    # -- reading the cells ----------------------------------------------------------------

    def _refuse_control_characters(self, row: _Row) -> None:
        """Every text cell, checked once: a control character stops only its own column."""
        for column in COLUMNS:
            raw = row.values.get(column.key)
            if not isinstance(raw, str):
                continue
            try:
                clean_entered_text(raw, multiline=column.key == "notes")
            except ValidationError as exc:
                row.error(column.label, exc.messages[0])
                row.refused.add(column.key)

    def _village(self, row: _Row) -> Location | None:
        commune = row.text("commune_code")
        commune = commune.zfill(5) if commune else self.only_commune
        text = row.text("village")
        if commune in self.communes and row.text("commune_code"):
            row.shown["commune_code"] = f"{commune} — {self.communes[commune]}"
        if not text:
            if "village" not in row.refused:
                row.error(VILLAGE_LABEL, _("Enter the village (its code or its name)."))
            return None
        if commune is None:
            row.error(COMMUNE_LABEL, _("Enter the commune code: you work in several communes."))
            return None
        unit = self.villages.get((commune, text.lower())) or self.villages.get(
            (commune, normalize_name(text))
        )
        if unit is None:
            row.error(
                VILLAGE_LABEL,
                _(
                    "“%(village)s” is not a village of commune %(commune)s that you may add "
                    "children to. Check the village code and the commune code."
                )
                % {"village": text, "commune": commune},
            )
        else:
            row.shown["village"] = (
                unit.name if normalize_name(text) == normalize_name(unit.name) else
                f"{text} — {unit.name}"
            )  # fmt: skip
        return unit

    def _name(self, row: _Row, key: str, label: str, *, required: bool = False) -> str:
        if key in row.refused:
            return ""
        try:
            name = clean_entered_text(row.text(key), max_length=NAME_MAX_LENGTH)
            check_name_has_letters(name)
        except ValidationError as exc:
            row.error(label, exc.messages[0])
            return ""
        if required and not name:
            row.error(label, _("Enter the child's full name."))
        if name:
            row.shown[key] = name
        return name

    def _date(self, row: _Row, key: str, label: str, *, partial: bool) -> DateReading | None:
        raw = row.values.get(key)
        if key in row.refused:
            return None
        try:
            reading = read_date(raw)
        except ValueError:
            reading, problem = None, True
        else:
            problem = reading is not None and reading.precision != "day" and not partial
        if problem:
            row.error(
                label,
                _(
                    "“%(value)s” is not a date: type it as dd/mm/yyyy, or as mm/yyyy or the "
                    "year alone when the day is not known."
                )
                % {"value": cell_text(raw)}
                if partial
                else _("“%(value)s” is not a date: type it as dd/mm/yyyy.")
                % {"value": cell_text(raw)},
            )
            return None
        if reading is None:
            return None
        row.shown[key] = _shown_date(reading)
        if reading.serial is not None:
            row.warnings.append(
                (
                    label,
                    _(
                        "“%(value)s” is an Excel date number; it was read as %(date)s. Check "
                        "that this is the right date."
                    )
                    % {"value": cell_text(raw), "date": row.shown[key]},
                )
            )
        return reading

    def _born(self, row: _Row) -> DateReading | None:
        born = self._date(row, "date_of_birth", BORN_LABEL, partial=True)
        if born is None:
            if not row.has_error(BORN_LABEL) and "date_of_birth" not in row.refused:
                row.error(BORN_LABEL, _("Enter the date of birth."))
            return None
        if born.date > self.today:
            row.error(BORN_LABEL, _("The date of birth is in the future. Check the year."))
            return None
        if age_on(born.date, self.today) >= CHILD_AGE_LIMIT:
            row.error(
                BORN_LABEL,
                _(
                    "This person is already %(age)d years old: not stored as a child (the "
                    "register records children under 16)."
                )
                % {"age": age_on(born.date, self.today)},
            )
            return None
        return born

    def _sex(self, row: _Row) -> str | None:
        sex = SEX_WORDS.get(normalize_name(row.text("sex")))
        if sex is None:
            if "sex" not in row.refused:
                row.error(SEX_LABEL, _("Write Nam or Nữ."))
            return None
        row.shown["sex"] = str(Sex(sex).label)
        return sex

    def _ethnicity(self, row: _Row) -> str | None:
        text = row.text("ethnicity")
        if not text:
            return None  # Kinh for a new child; a child already recorded keeps their group
        code = ethnic_group_code(text)
        if code is None:
            closest = closest_ethnic_groups(text)
            row.error(
                ETHNIC_LABEL,
                _(
                    "“%(value)s” is not one of the 54 ethnic groups. Did you mean "
                    "%(closest)s? Write the group's name as in the official list."
                )
                % {"value": text, "closest": ", ".join(f"“{name}”" for name in closest)}
                if closest
                else _(
                    "“%(value)s” is not one of the 54 ethnic groups. Write the group's name "
                    "as in the official list (for example Kinh, Tày, Mông, Ê-đê)."
                )
                % {"value": text},
            )
            return None
        official = ETHNIC_GROUP_NAMES[code]
        row.shown["ethnicity"] = (
            official if normalize_name(text) == normalize_name(official) else
            f"{official} ({text})"
        )  # fmt: skip
        return code

    def _personal_id(self, row: _Row, born: DateReading | None, sex: str | None) -> str | None:
        personal_id = clean_personal_id(row.text("personal_id"))
        if not personal_id:
            return None
        try:
            # A birth date known only to the year still tells the ID's year of birth.
            check_personal_id(personal_id, born.date if born else None, sex)
        except ValidationError as exc:
            row.error(PERSONAL_ID_LABEL, " ".join(exc.messages))
        return personal_id

    def _insurance_number(self, row: _Row) -> str:
        number = clean_insurance_number(row.text("insurance_number"))
        try:
            check_insurance_number(number)
        except ValidationError as exc:
            row.error(CARD_LABEL, exc.messages[0])
        return number

    def _notes(self, row: _Row) -> str:
        if "notes" in row.refused:
            return ""
        try:
            return clean_entered_text(
                row.values.get("notes"), multiline=True, max_length=LONG_TEXT_MAX_LENGTH
            )
        except ValidationError as exc:
            row.error(NOTES_LABEL, exc.messages[0])
            return ""

    def _codes(self, row: _Row, key: str, label: str, kind: str) -> list[Group]:
        found = []
        for code in filter(None, _CODE_SPLIT.split(row.text(key).lower().replace(")", ""))):
            group = self.groups.get(code)
            if group is None or group.kind != kind:
                row.error(
                    label,
                    _(
                        "“%(code)s” is not a group code. Use the letters of "
                        "Điều 10 (a, b, c, d, đ, e, g, h, i, k, l, m, n, o)."
                    )
                    % {"code": code},
                )
            else:
                found.append(group)
        return found

    def _update_target(self, row: _Row) -> tuple[int | None, int | None]:
        """The system id (and version) of the child a row corrects, from an exported sheet."""
        raw_id, raw_version = row.text("child_id"), row.text("version")
        if not raw_id:
            return None, None
        if not raw_id.isdigit():
            row.error(
                ID_LABEL, _("The system id must be a number; leave it empty for a new child.")
            )
            return None, None
        child_id = int(raw_id)
        if child_id in self.updates:
            row.error(
                ID_LABEL,
                _("This child is also on row %(row)d of the file.")
                % {"row": self.updates[child_id][0]},
            )
            return None, None
        version = int(raw_version) if raw_version.isdigit() else None
        self.updates[child_id] = (row.number, version)
        return child_id, version

    # -- one row --------------------------------------------------------------------------

    def validate_row(self, row_number: int, values: dict[str, object]) -> RowResult:
        row = _Row(row_number, values)
        self._refuse_control_characters(row)
        child_id, version = self._update_target(row)
        village = self._village(row)
        names = {
            key: self._name(row, key, label, required=key == "full_name")
            for key, label in NAME_COLUMNS
        }
        born = self._born(row)
        sex = self._sex(row)
        ethnicity = self._ethnicity(row)
        personal_id = self._personal_id(row, born, sex)
        registered = self._date(row, "birth_registered_on", REGISTERED_LABEL, partial=False)
        if registered and born and registered.date < born.date:
            row.error(
                REGISTERED_LABEL, _("The birth cannot be registered before the date of birth.")
            )
        insurance_number = self._insurance_number(row)
        valid_until = self._date(row, "insurance_valid_until", CARD_UNTIL_LABEL, partial=False)
        notes = self._notes(row)
        groups = self._codes(row, "groups", GROUPS_LABEL, "special")
        risks = self._codes(row, "at_risk", RISK_LABEL, "at_risk")
        if row.errors:
            return RowResult.failed(row.errors, row.warnings, row.shown)
        if personal_id:
            if personal_id in self.seen_ids:
                row.error(
                    PERSONAL_ID_LABEL,
                    _("This ID number is also on row %(row)d of the file.")
                    % {"row": self.seen_ids[personal_id]},
                )
                return RowResult.failed(row.errors, row.warnings, row.shown)
            self.seen_ids[personal_id] = row_number
            self.id_owner[personal_id] = child_id
        if child_id is None:
            carers = tuple(normalize_name(names[k]) for k, _l in NAME_COLUMNS[1:4] if names[k])
            self.identities.append(
                RowIdentity(
                    row_number, normalize_name(names["full_name"]), born.date, village.pk, carers
                )
            )
        return RowResult.ok(
            {
                "row": row_number,
                "child_id": child_id,
                "version": version,
                "village_id": village.pk,
                **names,
                "sex": sex,
                "date_of_birth": born.date,
                "birth_date_precision": born.precision,
                "ethnicity": ethnicity,
                "personal_id": personal_id,
                "birth_registered_on": registered.date if registered else None,
                "insurance_number": insurance_number,
                "insurance_valid_until": valid_until.date if valid_until else None,
                "group_ids": [g.pk for g in groups + risks],
                "notes": notes,
            },
            row.warnings,
            row.shown,
        )

    # -- the whole file -------------------------------------------------------------------

    def finish_validation(self) -> list[tuple[int, str, str]]:
        problems: list[tuple[int, str, str]] = []
        found = find_matches(self.actor, self.identities)
        self._matches = {row: match for row, (_child, match) in found.items()}
        if self.seen_ids:
            # As for a child entered on the form (``check_unique_id``): only the children the
            # importer may see are compared, so neither a row error nor their count tells that
            # a number belongs to a child of another commune or province.
            taken = (
                Child.objects.restrict(self.actor, "view")
                .filter(personal_id__in=list(self.seen_ids))
                .values_list("personal_id", "pk")
            )
            reported: set[str] = set()
            for pid, owner in sorted(taken):
                row = self.seen_ids[pid]
                match = self._matches.get(row)
                if (
                    self.id_owner.get(pid) == owner
                    # A row that is that child for sure (a register imported again).
                    or (match is not None and match.exact and match.record_id == owner)
                    or pid in reported
                ):
                    continue  # the row is that very child, or its row is already told
                reported.add(pid)
                problems.append((row, PERSONAL_ID_LABEL, str(ID_IN_YOUR_REGISTER)))
        if self.updates:
            ids = list(self.updates)
            current: dict[int, int] = {}
            for start in range(0, len(ids), 5000):
                current.update(
                    Child.objects.restrict(self.actor, "change")
                    .filter(pk__in=ids[start : start + 5000])
                    .values_list("pk", "version")
                )
            for child_id, (row, version) in sorted(self.updates.items(), key=lambda kv: kv[1][0]):
                if child_id not in current:
                    problems.append((row, ID_LABEL, str(NOT_IN_SCOPE)))
                elif version is not None and current[child_id] != version:
                    problems.append((row, VERSION_LABEL, str(CHANGED_SINCE_EXPORT)))
        return problems

    def matches(self) -> dict[int, RowMatch]:
        return self._matches

    # -- storing --------------------------------------------------------------------------

    def store(self, cleaned_rows: list[dict]) -> int:
        """Store a batch: corrections by system id, then new rows as the user chose for those
        already in the register (matched again now, inside the batch's transaction)."""
        updates = [row for row in cleaned_rows if row["child_id"]]
        creates = []
        new_rows = [row for row in cleaned_rows if not row["child_id"]]
        found = find_matches(self.actor, [self._identity(row) for row in new_rows])
        changeable = set(
            Child.objects.restrict(self.actor, "change")
            .filter(pk__in=[child.pk for child, _match in found.values()])
            .values_list("pk", flat=True)
        )
        for row in new_rows:
            child, _match = found.get(row["row"], (None, None))
            choice = self.choice_for(row["row"]) if child is not None else DuplicateChoice.ADD
            if choice == DuplicateChoice.ADD:
                creates.append(row)
            elif choice == DuplicateChoice.UPDATE and child.pk in changeable:
                updates.append({**row, "child_id": child.pk, "version": None})
            else:
                if choice == DuplicateChoice.UPDATE:
                    self.store_notes.append(
                        (
                            row["row"],
                            NAME_LABEL,
                            _("You may not change %(name)s's record: the row was skipped.")
                            % {"name": child.full_name},
                        )
                    )
                self.unchanged += 1
        stored = 0
        if updates:
            try:
                changed, unchanged = update_children(self.actor, self.today, updates)
            except ChangedMeanwhile as exc:
                raise ValueError(str(exc)) from exc
            stored += changed
            self.unchanged += unchanged
        if creates:
            stored += len(create_children(self.actor, self.today, creates))
        return stored

    @staticmethod
    def _identity(row: dict) -> RowIdentity:
        carers = tuple(
            normalize_name(row[key]) for key in ("father_name", "mother_name", "carer_name")
            if row[key]
        )  # fmt: skip
        return RowIdentity(
            row["row"], normalize_name(row["full_name"]), row["date_of_birth"],
            row["village_id"], carers,
        )  # fmt: skip

    def template_example_rows(self) -> list[list]:
        # In COLUMNS order; synthetic people.
        return [
            ["", "", "T01", "Nguyễn Văn An", "05/03/2019", "Nam", "Kinh", "",
             "Nguyễn Văn Bình", "Trần Thị Cúc", "Nguyễn Văn Bình", "20/03/2019",
             "TE1234567890123", "04/03/2025", "", "", "", "", ""],
            ["", "", "T01", "Nguyễn Thị Bé", "2021", "Nữ", "Ê-đê", "", "", "",
             "Nguyễn Văn Bình", "", "", "", "d", "", "Nguyễn Thị Hiền",
             "năm sinh ước tính; bà ngoại chăm sóc", ""],
        ]  # fmt: skip
