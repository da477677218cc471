"""Loading official units and managing villages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.core.tabular import Column, TableError, cell_text, read_table
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import VILLAGE_KINDS, Kind, Level, Location, village_code_validator

PROVINCE_KINDS = {"tỉnh": Kind.TINH, "thành phố trung ương": Kind.THANH_PHO_TW}
COMMUNE_KINDS = {"xã": Kind.XA, "phường": Kind.PHUONG, "đặc khu": Kind.DAC_KHU}


class UnknownProvince(Exception):
    """The province code given to ``load_units`` is not an official code."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _official_units(province_code: str | None):
    from vietnam_provinces import Province, Ward  # GPL data: read only by this loader.

    provinces = list(Province.iter_all())
    if province_code is not None:
        wanted = province_code.strip().lstrip("0")
        provinces = [p for p in provinces if str(int(p.code)) == wanted]
        if not provinces or not wanted.isdigit():
            valid = ", ".join(sorted(f"{int(p.code):02d}" for p in Province.iter_all()))
            raise UnknownProvince(
                _("There is no province with code %(code)s. Valid codes: %(valid)s.")
                % {"code": province_code, "valid": valid}
            )
    codes = {int(p.code) for p in provinces}
    wards = [w for w in Ward.iter_all() if int(w.province_code) in codes]
    return provinces, wards


@transaction.atomic
def load_units(province_code: str | None = None) -> LoadResult:
    """Create or update provinces and communes from the official list (idempotent)."""
    provinces, wards = _official_units(province_code)
    result = LoadResult()
    existing = {
        (u.level, u.code): u
        for u in Location.objects.filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    }
    province_units: dict[int, Location] = {}
    for p in provinces:
        code = f"{int(p.code):02d}"
        kind = PROVINCE_KINDS.get(p.division_type.value, Kind.TINH)
        # The package names cities "Thành phố X" but provinces plain "X": name both in full.
        name = p.name if kind == Kind.THANH_PHO_TW else f"Tỉnh {p.name}"
        unit = existing.get((Level.PROVINCE, code))
        if unit is None:
            unit = Location(level=Level.PROVINCE, code=code, name=name, kind=kind)
            unit.save()
            result.created += 1
        elif unit.name != name or unit.kind != kind:
            unit.name, unit.kind = name, kind
            unit.save()
            result.updated += 1
        else:
            result.unchanged += 1
        province_units[int(p.code)] = unit

    new_communes: list[Location] = []
    changed: list[Location] = []
    for w in wards:
        code = f"{int(w.code):05d}"
        parent = province_units[int(w.province_code)]
        kind = COMMUNE_KINDS.get(w.division_type.value, Kind.XA)
        unit = existing.get((Level.COMMUNE, code))
        if unit is None:
            new_communes.append(
                Location(
                    level=Level.COMMUNE,
                    code=code,
                    name=w.name,
                    name_normalized="",
                    kind=kind,
                    parent=parent,
                    depth=1,
                    # Special zones (đặc khu) are island districts; editable afterwards.
                    is_island=kind == Kind.DAC_KHU,
                )
            )
        elif unit.name != w.name or unit.kind != kind or unit.parent_id != parent.pk:
            unit.name, unit.kind, unit.parent = w.name, kind, parent
            changed.append(unit)
        else:
            result.unchanged += 1
    for unit in new_communes:
        unit.name_normalized = normalize_name(unit.name)
    created = Location.objects.bulk_create(new_communes, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING
        codes = [u.code for u in created]
        created = list(Location.objects.filter(level=Level.COMMUNE, code__in=codes))
    for unit in created:
        unit.path = f"{unit.parent.path}{unit.pk}/"
    Location.objects.bulk_update(created, ["path"], batch_size=500)
    result.created += len(created)
    for unit in changed:
        unit.save()  # recomputes name_normalized and path
        move_subtree_paths(unit)
    result.updated += len(changed)
    return result


def move_subtree_paths(unit: Location) -> None:
    """After a unit moved, rewrite the paths of everything below it."""
    for child in Location.objects.filter(parent=unit):
        child.save()
        move_subtree_paths(child)


def _check_can_add_under(actor, commune: Location) -> None:
    if commune.level != Level.COMMUNE:
        raise ValidationError({"parent": _("A village must belong to a commune.")})
    if not Location.objects.restrict(actor, "add").filter(pk=commune.pk).exists():
        raise PermissionDenied(_("You may not add villages to this commune."))


def _check_unique_code(commune: Location, code: str, exclude_pk: int | None = None) -> None:
    clash = Location.objects.filter(parent=commune, level=Level.VILLAGE, code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "code": _("Code %(code)s is already used by another village of %(commune)s.")
                % {"code": code, "commune": commune.name}
            }
        )


@transaction.atomic
def create_village(actor, *, commune: Location, code: str, name: str, kind: str) -> Location:
    """Create a village under a commune the actor may add to; audited."""
    _check_can_add_under(actor, commune)
    code = code.strip()
    village_code_validator(code)
    _check_unique_code(commune, code)
    if kind not in VILLAGE_KINDS:
        raise ValidationError({"kind": _("Choose a village type from the list.")})
    village = Location(
        level=Level.VILLAGE, kind=kind, code=code, name=name.strip(), parent=commune, depth=2
    )
    village.save()
    record(actor, AuditAction.CREATE, village, after=snapshot(village))
    return village


@transaction.atomic
def update_village(actor, village: Location, *, code: str, name: str, kind: str) -> Location:
    """Rename or recode a village the actor may change; audited."""
    if not Location.objects.restrict(actor, "change").filter(pk=village.pk).exists():
        raise PermissionDenied(_("You may not change this village."))
    before = snapshot(village)
    code = code.strip()
    village_code_validator(code)
    _check_unique_code(village.parent, code, exclude_pk=village.pk)
    village.code, village.name, village.kind = code, name.strip(), kind
    village.save()
    record(actor, AuditAction.UPDATE, village, before=before, after=snapshot(village))
    return village


VILLAGE_COLUMNS = [
    Column("commune_code", "Mã xã", ("ma xa", "ma xa/phuong", "ma don vi", "commune code")),
    Column("code", "Mã thôn", ("ma thon/to", "ma thon, to dan pho", "village code", "ma")),
    Column("name", "Tên thôn", ("ten thon/to", "ten thon, to dan pho", "village name", "ten")),
    Column("kind", "Loại", ("loai thon", "type"), required=False),
]

KIND_WORDS = {
    "thon": Kind.THON,
    "ban": Kind.BAN,
    "ap": Kind.AP,
    "to dan pho": Kind.TO_DAN_PHO,
    "to": Kind.TO_DAN_PHO,
    "khu pho": Kind.KHU_PHO,
    "buon": Kind.BUON,
    "phum": Kind.PHUM_SOC,
    "soc": Kind.PHUM_SOC,
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class VillageImportResult:
    created: list[Location] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _guess_kind(name: str, given: str) -> str:
    for text in (given, name):
        norm = normalize_name(text)
        for word, kind in sorted(KIND_WORDS.items(), key=lambda kv: -len(kv[0])):
            if norm == word or norm.startswith(word + " "):
                return kind
    return Kind.THON


def import_villages(actor, upload, filename: str) -> VillageImportResult:
    """Import villages from a sheet; all or nothing: any bad row means nothing is stored."""
    result = VillageImportResult()
    try:
        table = read_table(upload, filename, VILLAGE_COLUMNS)
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    labels = {c.key: c.label for c in VILLAGE_COLUMNS}
    allowed = {
        u.code: u for u in Location.objects.restrict(actor, "add").filter(level=Level.COMMUNE)
    }
    seen: dict[tuple[str, str], int] = {}
    planned: list[tuple[Location, str, str, str]] = []
    for number, values in table.rows:
        commune_code = cell_text(values.get("commune_code")).zfill(5)
        code = cell_text(values.get("code"))
        name = cell_text(values.get("name"))
        commune = allowed.get(commune_code)
        if commune is None:
            result.errors.append(
                RowError(
                    number,
                    labels["commune_code"],
                    _("Commune code %(code)s is not a commune you may add villages to.")
                    % {"code": commune_code},
                )
            )
        if not code:
            result.errors.append(RowError(number, labels["code"], _("The village code is empty.")))
        else:
            try:
                village_code_validator(code)
            except ValidationError as exc:
                result.errors.append(RowError(number, labels["code"], exc.messages[0]))
        if not name:
            result.errors.append(RowError(number, labels["name"], _("The village name is empty.")))
        if commune is None or not code:
            continue
        key = (commune.code, code.lower())
        if key in seen:
            result.errors.append(
                RowError(
                    number,
                    labels["code"],
                    _("Code %(code)s appears twice in this file (also row %(other)d).")
                    % {"code": code, "other": seen[key]},
                )
            )
            continue
        seen[key] = number
        if Location.objects.filter(parent=commune, level=Level.VILLAGE, code__iexact=code).exists():
            result.errors.append(
                RowError(
                    number,
                    labels["code"],
                    _("Code %(code)s is already used by another village of %(commune)s.")
                    % {"code": code, "commune": commune.name},
                )
            )
            continue
        planned.append((commune, code, name, _guess_kind(name, cell_text(values.get("kind")))))
    if result.errors:
        return result
    if not planned:
        result.errors.append(RowError(0, "", _("The file has no village rows under its header.")))
        return result
    with transaction.atomic():
        for commune, code, name, kind in planned:
            village = Location(
                level=Level.VILLAGE, kind=kind, code=code, name=name, parent=commune, depth=2
            )
            village.save()
            record(actor, AuditAction.IMPORT, village, after=snapshot(village))
            result.created.append(village)
    return result


@transaction.atomic
def set_commune_characteristics(
    actor,
    commune: Location,
    *,
    is_mountain: bool,
    is_island: bool,
    is_extremely_disadvantaged: bool,
) -> Location:
    """Record whether a commune is mountainous, an island or extremely disadvantaged; audited.

    These flags lower the child-friendly commune threshold (Quyết định 06/2019), so a commune
    may not set them for itself: the actor must be able to change units of the province above.
    """
    from baovetreem.core.models import user_can_at

    if commune.level != Level.COMMUNE:
        raise ValidationError(_("Only a commune has these characteristics."))
    if commune.parent is None or not user_can_at(
        actor, "locations.change_location", commune.parent.path
    ):
        raise PermissionDenied(
            _("Only the province may change a commune's mountain, island or disadvantaged status.")
        )
    before = snapshot(commune)
    commune.is_mountain = is_mountain
    commune.is_island = is_island
    commune.is_extremely_disadvantaged = is_extremely_disadvantaged
    commune.save()
    record(actor, AuditAction.UPDATE, commune, before=before, after=snapshot(commune))
    return commune
