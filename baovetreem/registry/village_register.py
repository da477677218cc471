"""The printable village register (sổ theo dõi trẻ em) of a village or a commune for one year.

``build_register`` reads the children the user may export (``restrict(user, "export")``) under
one unit and turns each into the register's row of text, in the columns officials keep; the
.xlsx and PDF writers (``registry.register_print``) lay the same rows out on paper. The rows
are the children who were under 16 at some time in the year and lived in the unit then: born by
31/12, not yet 16 on 1/1, and not gone (moved away, died) before the year began.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.core.models import subtree_q
from baovetreem.locations.models import Level, Location
from baovetreem.registry.models import (
    CHILD_AGE_LIMIT,
    Child,
    ChildStatus,
    DatePrecision,
    GroupKind,
    GroupMembership,
)

# The register's columns, in order: (key, heading). Headings are translated when printed.
COLUMNS = [
    ("number", gettext_lazy("No.")),
    ("full_name", gettext_lazy("Full name")),
    ("born", gettext_lazy("Date of birth")),
    ("sex", gettext_lazy("Sex")),
    ("ethnicity", gettext_lazy("Ethnicity")),
    ("carers", gettext_lazy("Parents / carer")),
    ("household", gettext_lazy("Address / household")),
    ("special", gettext_lazy("Special-circumstance group")),
    ("at_risk", gettext_lazy("At risk")),
    ("insurance", gettext_lazy("Health insurance")),
    ("birth_registration", gettext_lazy("Birth registration")),
    ("schooling", gettext_lazy("Schooling")),
    ("notes", gettext_lazy("Notes")),
]
REGISTER_LEVELS = (Level.VILLAGE, Level.COMMUNE)
MAX_CHILDREN = 20_000  # a large commune; a province prints commune by commune


@dataclass
class RegisterSection:
    """The children of one village (a commune's register has one section per village)."""

    title: str
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class VillageRegister:
    """One printed register: its units, year, sections of rows and signature place and date."""

    unit: Location
    year: int
    province: str
    commune: str
    village: str
    sections: list[RegisterSection]
    printed_on: dt.date

    @property
    def headings(self) -> list[str]:
        return [str(heading) for _key, heading in COLUMNS]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    @property
    def place(self) -> str:
        """The place named before the date under the table ("Xã An Bình, ngày …")."""
        return self.commune or self.province

    @property
    def date_line(self) -> str:
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": self.place,
            "day": f"{self.printed_on.day:02d}",
            "month": f"{self.printed_on.month:02d}",
            "year": self.printed_on.year,
        }


def register_units(user) -> QuerySet[Location]:
    """Villages and communes whose register ``user`` may print (where they may export)."""
    return (
        Location.objects.holding(user, "registry.export_child")
        .filter(level__in=REGISTER_LEVELS, valid_until__isnull=True)
        .select_related("parent")
        .order_by("path")
    )


def register_children(user, unit: Location, year: int) -> QuerySet[Child]:
    """The children of ``unit``'s register for ``year`` that ``user`` may export."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    gone = [ChildStatus.MOVED_AWAY, ChildStatus.DECEASED]
    vendor = connections[Child.objects.db].vendor
    return (
        Child.objects.restrict(user, "export")
        .filter(subtree_q("scope_path", unit.path, vendor))
        .filter(date_of_birth__lte=last, date_of_birth__gt=_years_before(first, CHILD_AGE_LIMIT))
        .exclude(Q(status__in=gone) & (Q(status_since__isnull=True) | Q(status_since__lt=first)))
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def build_register(
    user, unit: Location, year: int, *, today: dt.date | None = None
) -> VillageRegister:
    """The register of ``unit`` for ``year`` as ``user`` may print it (rows scoped for export)."""
    today = today or timezone.localdate()
    reference = min(today, dt.date(year, 12, 31))
    open_groups = Prefetch(
        "memberships",
        queryset=GroupMembership.objects.filter(start_date__lte=reference)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=reference))
        .select_related("group", "group__parent")
        .order_by("group__code"),
        to_attr="open_memberships",
    )
    children = (
        register_children(user, unit, year)
        .select_related("village", "household")
        .prefetch_related("carers", open_groups)
        .order_by("scope_path", "name_normalized", "date_of_birth", "pk")
    )
    units = [*unit.ancestors(), unit]
    names = {u.level: u.name for u in units}
    sections: dict[str, RegisterSection] = {}
    for number, child in enumerate(children.iterator(chunk_size=2000), 1):
        if child.village.level == Level.VILLAGE:
            title = child.village.name
        else:
            title = _("Village not yet recorded")
        section = sections.setdefault(child.scope_path, RegisterSection(title))
        section.rows.append(_row(child, number, reference))
    return VillageRegister(
        unit=unit,
        year=year,
        province=names.get(Level.PROVINCE, ""),
        commune=names.get(Level.COMMUNE, ""),
        village=names.get(Level.VILLAGE, ""),
        sections=list(sections.values()),
        printed_on=today,
    )


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _born(child: Child) -> str:
    if child.birth_date_precision == DatePrecision.YEAR:
        return str(child.date_of_birth.year)
    if child.birth_date_precision == DatePrecision.MONTH:
        return child.date_of_birth.strftime("%m/%Y")
    return _date(child.date_of_birth)


def _carers(child: Child) -> str:
    return "; ".join(
        f"{carer.get_relationship_display()}: {carer.full_name}"
        + (f" ({_('deceased')})" if carer.is_deceased else "")
        for carer in child.carers.all()
    )


def _household(child: Child) -> str:
    household = child.household
    if household is None:
        return ""
    parts = [_("head: %(name)s") % {"name": household.head_name}]
    if household.number:
        parts.append(_("household no. %(number)s") % {"number": household.number})
    if household.address:
        parts.append(household.address)
    return ", ".join(parts)


def _insurance(child: Child, day: dt.date) -> str:
    if not child.insurance_number:
        return _("none")
    if child.is_insured_on(day):
        if child.insurance_valid_until:
            return _("%(number)s (valid until %(date)s)") % {
                "number": child.insurance_number,
                "date": _date(child.insurance_valid_until),
            }
        return child.insurance_number
    return _("%(number)s (expired %(date)s)") % {
        "number": child.insurance_number,
        "date": _date(child.insurance_valid_until),
    }


def _birth_registration(child: Child) -> str:
    if child.birth_registered_on is None:
        return _("not registered")
    return _date(child.birth_registered_on)


def _schooling(child: Child) -> str:
    parts = [child.get_school_level_display()] if child.school_level else []
    if child.school_name:
        parts.append(child.school_name)
    if child.grade:
        parts.append(_("grade %(grade)s") % {"grade": child.grade})
    return ", ".join(parts)


def _notes(child: Child) -> str:
    parts = []
    if child.status != ChildStatus.LIVING_HERE:
        status = child.get_status_display()
        parts.append(f"{status} {_date(child.status_since)}".strip())
    if child.notes:
        parts.append(child.notes)
    return "; ".join(parts)


def _row(child: Child, number: int, day: dt.date) -> list[str]:
    memberships = child.open_memberships
    special = [m.group.code for m in memberships if m.group.kind == GroupKind.SPECIAL]
    at_risk = [m.group.name for m in memberships if m.group.kind == GroupKind.AT_RISK]
    return [
        str(number),
        child.full_name,
        _born(child),
        child.get_sex_display(),
        child.get_ethnicity_display(),
        _carers(child),
        _household(child),
        ", ".join(dict.fromkeys(special)),
        "; ".join(dict.fromkeys(at_risk)),
        _insurance(child, day),
        _birth_registration(child),
        _schooling(child),
        _notes(child),
    ]
