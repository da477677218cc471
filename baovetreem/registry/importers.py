"""Importing the village register from Excel (sổ theo dõi trẻ em) through the import pipeline."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import build, snapshot
from baovetreem.core.tabular import Column, cell_text, parse_date
from baovetreem.core.text import normalize_name
from baovetreem.imports.base import Importer, RowResult, register
from baovetreem.locations.models import Level, Location
from baovetreem.registry.models import (
    CHILD_AGE_LIMIT,
    Carer,
    Child,
    ChildEvent,
    EventKind,
    Group,
    GroupMembership,
    Household,
    age_on,
)
from baovetreem.registry.reference import ETHNIC_GROUP_NAMES
from baovetreem.registry.services import AUDIT_FIELDS, ID_IN_YOUR_REGISTER
from baovetreem.registry.validators import check_personal_id, clean_personal_id

SEX_WORDS = {"nam": "male", "trai": "male", "m": "male", "male": "male", "nu": "female",
             "gai": "female", "f": "female", "female": "female"}  # fmt: skip
_CODE_SPLIT = re.compile(r"[,;/\s]+")

ID_LABEL = "Mã trẻ trong hệ thống"
NOT_IN_SCOPE = gettext_lazy(
    "No child with this system id is in the register of your area. "
    "Leave the id empty to add a new child."
)
CHANGED_SINCE_EXPORT = gettext_lazy(
    "This child's record was changed after the file was exported. "
    "Export the register again and make the corrections in the new file."
)
VERSION_LABEL = "Phiên bản hồ sơ"

COLUMNS = [
    Column("child_id", ID_LABEL, ("ma tre", "ma he thong", "child id"), required=False),
    Column("commune_code", "Mã xã", ("ma xa/phuong", "ma don vi", "commune code"), required=False),
    Column("village", "Thôn", ("thon/to", "mã thôn", "ten thon", "thon, to dan pho", "village")),
    Column("full_name", "Họ và tên",
           ("ho ten", "ho va ten tre", "ho ten tre em", "ten tre", "name")),
    Column("date_of_birth", "Ngày sinh", ("ngay thang nam sinh", "ngay, thang, nam sinh", "dob")),
    Column("sex", "Giới tính", ("gioi", "nam/nu", "sex")),
    Column("ethnicity", "Dân tộc", ("dan toc", "ethnicity"), required=False),
    Column("personal_id", "Số định danh cá nhân",
           ("so dinh danh", "ma dinh danh", "cccd", "so cccd", "personal id"), required=False),
    Column("father_name", "Họ tên cha", ("ho va ten cha", "cha", "father"), required=False),
    Column("mother_name", "Họ tên mẹ", ("ho va ten me", "me", "mother"), required=False),
    Column("head_name", "Chủ hộ", ("ho ten chu ho", "ten chu ho", "household head"),
           required=False),
    Column("birth_registered_on", "Ngày đăng ký khai sinh",
           ("ngay dang ky khai sinh", "ngay khai sinh", "dang ky khai sinh"), required=False),
    Column("insurance_number", "Số thẻ BHYT", ("so the bao hiem y te", "the bhyt", "bhyt"),
           required=False),
    Column("insurance_valid_until", "Hạn thẻ BHYT", ("han the", "the bhyt co gia tri den"),
           required=False),
    Column("groups", "Nhóm HCĐB", ("nhom hoan canh dac biet", "hcdb", "nhom"), required=False),
    Column("at_risk", "Nguy cơ", ("nguy co roi vao hcdb", "nhom nguy co"), required=False),
    Column("notes", "Ghi chú", ("ghi chu", "notes"), required=False),
    Column("version", VERSION_LABEL, ("phien ban", "version"), required=False),
]  # fmt: skip


@register
class ChildImporter(Importer):
    """Rows of a village register: one child per row, with parents and groups."""

    key = "registry.children"
    label = gettext_lazy("Children (village register)")
    columns = COLUMNS
    permission = "registry.add_child"

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.today = timezone.localdate()
        places = (
            Location.objects.holding(actor, "registry.add_child")
            .filter(level__in=[Level.VILLAGE, Level.COMMUNE])
            .select_related("parent")
        )
        self.villages: dict[tuple[str, str], Location] = {}
        self.communes: set[str] = set()
        for unit in places:
            if unit.level == Level.COMMUNE:
                self.communes.add(unit.code)
                continue
            commune = unit.parent.code
            self.villages[(commune, unit.code.lower())] = unit
            self.villages[(commune, normalize_name(unit.name))] = unit
        communes = self.communes | {commune for commune, _key in self.villages}
        # Someone working in a single commune (or a collaborator in one village) may leave the
        # commune code out of the sheet.
        self.only_commune = next(iter(communes)) if len(communes) == 1 else None
        self.groups = {g.code.lower(): g for g in Group.objects.filter(is_active=True)}
        self.ethnic = {normalize_name(name): code for code, name in ETHNIC_GROUP_NAMES.items()}
        self.ethnic.update(
            {
                normalize_name(name.replace("-", " ")): code
                for code, name in ETHNIC_GROUP_NAMES.items()
            }
        )
        self.seen_ids: dict[str, int] = {}
        self.id_owner: dict[str, int | None] = {}  # personal ID → child id the row updates
        self.updates: dict[int, tuple[int, int | None]] = {}  # child id → (row, version)

    def _village(self, values, errors) -> Location | None:
        commune = cell_text(values.get("commune_code"))
        commune = commune.zfill(5) if commune else self.only_commune
        text = cell_text(values.get("village"))
        if not text:
            errors.append(("Thôn", _("Enter the village (its code or its name).")))
            return None
        if commune is None:
            errors.append(("Mã xã", _("Enter the commune code: you work in several communes.")))
            return None
        unit = self.villages.get((commune, text.lower())) or self.villages.get(
            (commune, normalize_name(text))
        )
        if unit is None:
            errors.append(
                (
                    "Thôn",
                    _(
                        "“%(village)s” is not a village of commune %(commune)s that you may add "
                        "children to. Check the village code and the commune code."
                    )
                    % {"village": text, "commune": commune},
                )
            )
        return unit

    def _date(self, values, key, label, errors) -> dt.date | None:
        raw = values.get(key)
        try:
            return parse_date(raw)
        except ValueError:
            errors.append(
                (
                    label,
                    _("“%(value)s” is not a date: type it as dd/mm/yyyy.")
                    % {"value": cell_text(raw)},
                )
            )
            return None

    def _codes(self, values, key, label, kind, errors) -> list[Group]:
        text = cell_text(values.get(key))
        found = []
        for code in filter(None, _CODE_SPLIT.split(text.lower().replace(")", ""))):
            group = self.groups.get(code)
            if group is None or group.kind != kind:
                errors.append(
                    (
                        label,
                        _(
                            "“%(code)s” is not a group code. Use the letters of "
                            "Điều 10 (a, b, c, d, đ, e, g, h, i, k, l, m, n, o)."
                        )
                        % {"code": code},
                    )
                )
            else:
                found.append(group)
        return found

    def _update_target(self, row_number, values, errors) -> tuple[int | None, int | None]:
        """The system id (and version) of the child a row corrects, from an exported sheet."""
        raw_id, raw_version = cell_text(values.get("child_id")), cell_text(values.get("version"))
        if not raw_id:
            return None, None
        if not raw_id.isdigit():
            errors.append(
                (ID_LABEL, _("The system id must be a number; leave it empty for a new child."))
            )
            return None, None
        child_id = int(raw_id)
        if child_id in self.updates:
            errors.append(
                (
                    ID_LABEL,
                    _("This child is also on row %(row)d of the file.")
                    % {"row": self.updates[child_id][0]},
                )
            )
            return None, None
        version = int(raw_version) if raw_version.isdigit() else None
        self.updates[child_id] = (row_number, version)
        return child_id, version

    def validate_row(self, row_number: int, values: dict[str, object]) -> RowResult:
        errors: list[tuple[str, str]] = []
        child_id, version = self._update_target(row_number, values, errors)
        village = self._village(values, errors)
        name = " ".join(cell_text(values.get("full_name")).split())
        if not name:
            errors.append(("Họ và tên", _("Enter the child's full name.")))
        born = self._date(values, "date_of_birth", "Ngày sinh", errors)
        if born is None and not any(label == "Ngày sinh" for label, _m in errors):
            errors.append(("Ngày sinh", _("Enter the date of birth.")))
        elif born is not None:
            if born > self.today:
                errors.append(
                    ("Ngày sinh", _("The date of birth is in the future. Check the year."))
                )
            elif age_on(born, self.today) >= CHILD_AGE_LIMIT:
                errors.append(
                    (
                        "Ngày sinh",
                        _(
                            "This person is already %(age)d years old: not stored "
                            "as a child (the register records children under 16)."
                        )
                        % {"age": age_on(born, self.today)},
                    )
                )
        sex = SEX_WORDS.get(normalize_name(cell_text(values.get("sex"))))
        if sex is None:
            errors.append(("Giới tính", _("Write Nam or Nữ.")))
        ethnic_text = cell_text(values.get("ethnicity"))
        ethnicity = "01"
        if ethnic_text:
            ethnicity = (
                ethnic_text.zfill(2)
                if ethnic_text.isdigit() and ethnic_text.zfill(2) in ETHNIC_GROUP_NAMES
                else self.ethnic.get(normalize_name(ethnic_text))
            )
            if ethnicity is None:
                errors.append(
                    (
                        "Dân tộc",
                        _("“%(value)s” is not one of the 54 ethnic groups.")
                        % {"value": ethnic_text},
                    )
                )
        personal_id = clean_personal_id(cell_text(values.get("personal_id")))
        if personal_id:
            try:
                check_personal_id(personal_id, born, sex)
            except Exception as exc:  # ValidationError: report its sentence
                errors.append(
                    ("Số định danh cá nhân", " ".join(getattr(exc, "messages", [str(exc)])))
                )
            else:
                if personal_id in self.seen_ids:
                    errors.append(
                        (
                            "Số định danh cá nhân",
                            _("This ID number is also on row %(row)d of the file.")
                            % {"row": self.seen_ids[personal_id]},
                        )
                    )
                self.seen_ids.setdefault(personal_id, row_number)
                self.id_owner.setdefault(personal_id, child_id)
        registered = self._date(values, "birth_registered_on", "Ngày đăng ký khai sinh", errors)
        if registered and born and registered < born:
            errors.append(
                (
                    "Ngày đăng ký khai sinh",
                    _("The birth cannot be registered before the date of birth."),
                )
            )
        valid_until = self._date(values, "insurance_valid_until", "Hạn thẻ BHYT", errors)
        groups = self._codes(values, "groups", "Nhóm HCĐB", "special", errors)
        risks = self._codes(values, "at_risk", "Nguy cơ", "at_risk", errors)
        if errors:
            return RowResult.failed(errors)
        return RowResult.ok(
            {
                "row": row_number,
                "child_id": child_id,
                "version": version,
                "village_id": village.pk,
                "full_name": name,
                "sex": sex,
                "date_of_birth": born,
                "ethnicity": ethnicity,
                "personal_id": personal_id,
                "father_name": " ".join(cell_text(values.get("father_name")).split()),
                "mother_name": " ".join(cell_text(values.get("mother_name")).split()),
                "head_name": " ".join(cell_text(values.get("head_name")).split()),
                "birth_registered_on": registered,
                "insurance_number": cell_text(values.get("insurance_number")).replace(" ", ""),
                "insurance_valid_until": valid_until,
                "group_ids": [g.pk for g in groups + risks],
                "notes": cell_text(values.get("notes")),
            }
        )

    def finish_validation(self) -> list[tuple[int, str, str]]:
        problems: list[tuple[int, str, str]] = []
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
                if self.id_owner.get(pid) == owner or pid in reported:
                    continue  # the row corrects that very child, or its row is already told
                reported.add(pid)
                problems.append(
                    (self.seen_ids[pid], "Số định danh cá nhân", str(ID_IN_YOUR_REGISTER))
                )
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
                    problems.append(
                        (
                            row,
                            ID_LABEL,
                            str(NOT_IN_SCOPE),
                        )
                    )
                elif version is not None and current[child_id] != version:
                    problems.append(
                        (
                            row,
                            VERSION_LABEL,
                            str(CHANGED_SINCE_EXPORT),
                        )
                    )
        return problems

    def store(self, cleaned_rows: list[dict]) -> int:
        updates = [row for row in cleaned_rows if row["child_id"]]
        creates = [row for row in cleaned_rows if not row["child_id"]]
        stored = self._update(updates) if updates else 0
        return stored + (self._create(creates) if creates else 0)

    def _update(self, rows: list[dict]) -> int:
        """Correct existing children from an exported-then-edited sheet (Đề án 06 round trip)."""
        from django.db.models import F

        from baovetreem.audit.models import AuditEvent

        ids = [row["child_id"] for row in rows]
        children = Child.objects.restrict(self.actor, "change").select_for_update().in_bulk(ids)
        villages = {
            v.pk: v for v in Location.objects.filter(pk__in={r["village_id"] for r in rows})
        }
        audits, events = [], []
        for row in rows:
            child = children.get(row["child_id"])
            if child is None or (row["version"] is not None and child.version != row["version"]):
                raise ValueError(
                    _(
                        "A record was changed while the import ran; nothing of this "
                        "batch was stored."
                    )
                )
            before = snapshot(child, AUDIT_FIELDS)
            village = villages[row["village_id"]]
            child.village, child.scope_path = village, village.path
            for name in (
                "full_name",
                "sex",
                "date_of_birth",
                "ethnicity",
                "personal_id",
                "birth_registered_on",
                "insurance_number",
                "insurance_valid_until",
                "notes",
            ):
                value = row[name]
                if value not in (None, ""):  # an empty cell never erases what is recorded
                    setattr(child, name, value)
            child.updated_by = self.actor
            child.version = F("version") + 1
            child.save()
            for relationship, key in (("father", "father_name"), ("mother", "mother_name")):
                if row[key]:
                    carer = child.carers.filter(relationship=relationship).first() or Carer(
                        child=child, relationship=relationship
                    )
                    carer.full_name = row[key]
                    carer.save()
            open_groups = set(
                GroupMembership.objects.filter(child=child, end_date__isnull=True).values_list(
                    "group_id", flat=True
                )
            )
            for group_id in row["group_ids"]:
                if group_id not in open_groups:
                    GroupMembership.objects.create(
                        child=child,
                        group_id=group_id,
                        start_date=self.today,
                        verified_by=self.actor,
                        verified_on=self.today,
                        source=_("Excel import"),
                    )
            child.refresh_from_db()
            audits.append(
                build(
                    self.actor,
                    AuditAction.UPDATE,
                    child,
                    after=snapshot(child, AUDIT_FIELDS),
                    note="excel import",
                )
            )
            audits[-1].before = before
            events.append(
                ChildEvent(
                    child=child,
                    happened_on=self.today,
                    kind=EventKind.UPDATED,
                    actor=self.actor,
                    description=_("Corrected from Excel (row %(row)d)") % {"row": row["row"]},
                )
            )
        ChildEvent.objects.bulk_create(events)
        AuditEvent.objects.bulk_create(audits)
        return len(rows)

    def _create(self, cleaned_rows: list[dict]) -> int:
        villages = {
            v.pk: v
            for v in Location.objects.filter(pk__in={row["village_id"] for row in cleaned_rows})
        }
        heads = {
            (row["village_id"], normalize_name(row["head_name"]))
            for row in cleaned_rows
            if row["head_name"]
        }
        households: dict[tuple[int, str], Household] = {}
        if heads:
            for household in Household.objects.filter(
                village_id__in={v for v, _h in heads},
                head_name_normalized__in={h for _v, h in heads},
            ):
                households.setdefault(
                    (household.village_id, household.head_name_normalized), household
                )
        new_households = []
        for village_id, head in heads:
            if (village_id, head) not in households:
                name = next(
                    r["head_name"]
                    for r in cleaned_rows
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
        children = []
        for row in cleaned_rows:
            village = villages[row["village_id"]]
            child = Child(
                village=village,
                scope_path=village.path,
                full_name=row["full_name"],
                name_normalized=normalize_name(row["full_name"]),
                sex=row["sex"],
                date_of_birth=row["date_of_birth"],
                ethnicity=row["ethnicity"],
                personal_id=row["personal_id"],
                birth_registered_on=row["birth_registered_on"],
                insurance_number=row["insurance_number"],
                insurance_valid_until=row["insurance_valid_until"],
                notes=row["notes"],
                household=households.get((row["village_id"], normalize_name(row["head_name"])))
                if row["head_name"]
                else None,
                created_by=self.actor,
                updated_by=self.actor,
                status_since=self.today,
            )
            child.search_text = " | ".join(
                normalize_name(n)
                for n in (
                    row["full_name"],
                    row["father_name"],
                    row["mother_name"],
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
        for row, child in zip(cleaned_rows, children, strict=True):
            for relationship, key in (("father", "father_name"), ("mother", "mother_name")):
                if row[key]:
                    carers.append(
                        Carer(
                            child=child,
                            relationship=relationship,
                            full_name=row[key],
                            name_normalized=normalize_name(row[key]),
                        )
                    )
            events.append(
                ChildEvent(
                    child=child,
                    happened_on=self.today,
                    kind=EventKind.REGISTERED,
                    to_location=child.village,
                    actor=self.actor,
                    description=_("Imported from Excel (row %(row)d)") % {"row": row["row"]},
                )
            )
            for group_id in row["group_ids"]:
                memberships.append(
                    GroupMembership(
                        child=child,
                        group_id=group_id,
                        start_date=self.today,
                        verified_by=self.actor,
                        verified_on=self.today,
                        source=_("Excel import"),
                    )
                )
            audits.append(
                build(self.actor, AuditAction.IMPORT, child, after=snapshot(child, AUDIT_FIELDS))
            )
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
        from baovetreem.audit.models import AuditEvent

        AuditEvent.objects.bulk_create(audits, batch_size=1000)
        return len(children)

    def template_example_rows(self) -> list[list]:
        return [
            [
                "",
                "",
                "T01",
                "Nguyễn Văn An",
                "05/03/2019",
                "Nam",
                "Kinh",
                "",
                "Nguyễn Văn Bình",
                "Trần Thị Cúc",
                "Nguyễn Văn Bình",
                "20/03/2019",
                "TE1234567890123",
                "04/03/2025",
                "",
                "",
                "",
                "",
            ],
            [
                "",
                "",
                "T01",
                "Nguyễn Thị Bé",
                "12/11/2021",
                "Nữ",
                "Kinh",
                "",
                "Nguyễn Văn Bình",
                "Trần Thị Cúc",
                "Nguyễn Văn Bình",
                "",
                "",
                "",
                "d",
                "",
                "khuyết tật vận động",
                "",
            ],
        ]
