"""The child register (sổ theo dõi trẻ em): households, carers, children, their history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import (
    CopiedScopePath,
    ScopedManager,
    ScopedQuerySet,
    TimestampedModel,
)
from baovetreem.core.text import normalize_name
from baovetreem.registry.reference import ETHNIC_GROUPS

CHILD_AGE_LIMIT = 16  # Luật Trẻ em 2016, Đ.1
BIRTH_REGISTRATION_DAYS = 60  # Luật Hộ tịch 2014, Đ.15


def age_on(born: dt.date, on: dt.date) -> int:
    """Completed years between ``born`` and ``on`` (a child born 29/2 turns a year on 1/3)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year only")
    YEAR = "year", _("Year only (estimated)")


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    NONE = "none", _("Neither poor nor near-poor")


class ChildStatus(models.TextChoices):
    LIVING_HERE = "living", _("Living here")
    MOVED_AWAY = "moved_away", _("Moved away")
    AGED_OUT = "aged_out", _("Turned 16")
    DECEASED = "deceased", _("Deceased")


class ParentsStatus(models.TextChoices):
    TOGETHER = "together", _("Parents live together")
    DIVORCED = "divorced", _("Parents divorced")
    SEPARATED = "separated", _("Parents separated")
    SINGLE = "single", _("Single parent")
    UNKNOWN = "unknown", _("Unknown")


class DisabilityType(models.TextChoices):
    """Forms of disability (Luật Người khuyết tật 2010, Đ.3)."""

    MOBILITY = "mobility", _("Mobility")
    HEARING_SPEECH = "hearing_speech", _("Hearing or speech")
    VISION = "vision", _("Vision")
    MENTAL = "mental", _("Neurological or mental")
    INTELLECTUAL = "intellectual", _("Intellectual")
    OTHER = "other", _("Other")


class DisabilitySeverity(models.TextChoices):
    EXTREMELY_SEVERE = "extremely_severe", _("Extremely severe")
    SEVERE = "severe", _("Severe")
    MILD = "mild", _("Mild")


class SchoolLevel(models.TextChoices):
    NONE = "none", _("Not in school")
    NURSERY = "nursery", _("Crèche (3-36 months)")
    KINDERGARTEN = "kindergarten", _("Kindergarten (3-5 years)")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational training")


class Relationship(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Older sibling")
    RELATIVE = "relative", _("Other relative")
    GUARDIAN = "guardian", _("Legal guardian")
    FOSTER = "foster", _("Foster carer")
    OTHER = "other", _("Other")


class PathScopedModel(CopiedScopePath, TimestampedModel):
    """A row filed under a village (or its commune); scoped by the village's path."""

    village = models.ForeignKey(
        "locations.Location", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )

    scope_path_from = "village"

    class Meta:
        abstract = True


class Household(PathScopedModel):
    """A household (hộ gia đình) of the village register."""

    number = models.CharField(_("household number"), max_length=30, blank=True)
    head_name = models.CharField(_("head of household"), max_length=150)
    head_name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        permissions = [("export_household", "Can export households")]

    def __str__(self) -> str:
        return self.head_name

    def save(self, *args, **kwargs):
        self.head_name_normalized = normalize_name(self.head_name)
        super().save(*args, **kwargs)
        for child in Child.all_objects.filter(household=self):
            child.refresh_search_text()

    def poverty_on(self, year: int) -> str | None:
        """The poverty status recorded for ``year`` (None when not recorded)."""
        row = self.poverty_records.filter(year=year).first()
        return row.status if row else None


class HouseholdPoverty(models.Model):
    """Poverty status of a household for one year (hộ nghèo, cận nghèo theo năm)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="poverty_records"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    status = models.CharField(_("status"), max_length=12, choices=PovertyStatus.choices)

    class Meta:
        verbose_name = _("poverty status")
        verbose_name_plural = _("poverty statuses")
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="one_poverty_status_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"


class ChildQuerySet(ScopedQuerySet):
    def alive_records(self):
        return self.filter(deleted_at__isnull=True)


class ChildManager(models.Manager.from_queryset(ChildQuerySet)):
    """Hides soft-deleted children; ``Child.all_objects`` still sees them (for purge, audit)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Child(PathScopedModel):
    """A child of the register (trẻ em), under 16 when registered, kept after for history."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    # The child's, carers' and head of household's names, normalised, for one-index search.
    search_text = models.CharField(max_length=600, editable=False, default="")
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), db_index=True)
    birth_date_precision = models.CharField(
        _("date of birth known to"),
        max_length=6,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNIC_GROUPS, default="01")
    # Not unique across the register: a number typed in one commune may already be on a child
    # of a commune the officer cannot see, and refusing it would reveal that child
    # (``registry.services.children.check_unique_id``); the duplicate report pairs them.
    personal_id = models.CharField(
        _("personal ID number"), max_length=12, null=True, blank=True, db_index=True
    )
    parents_status = models.CharField(
        _("parents"), max_length=10, choices=ParentsStatus.choices, default=ParentsStatus.UNKNOWN
    )
    birth_registered_on = models.DateField(_("birth registered on"), null=True, blank=True)
    birth_registered_on_time = models.BooleanField(null=True, editable=False)
    insurance_number = models.CharField(
        _("health insurance card number"), max_length=15, blank=True
    )
    insurance_valid_until = models.DateField(_("insurance valid until"), null=True, blank=True)
    disability_type = models.CharField(
        _("disability"), max_length=16, choices=DisabilityType.choices, blank=True
    )
    disability_severity = models.CharField(
        _("disability severity"), max_length=16, choices=DisabilitySeverity.choices, blank=True
    )
    school_level = models.CharField(
        _("schooling"), max_length=16, choices=SchoolLevel.choices, blank=True
    )
    school_name = models.CharField(_("school"), max_length=150, blank=True)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    out_of_school_since = models.DateField(_("out of school since"), null=True, blank=True)
    swimming_skills = models.BooleanField(_("taught swimming / drowning prevention"), default=False)
    injury_prevention = models.BooleanField(_("taught injury prevention"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ChildStatus.choices, default=ChildStatus.LIVING_HERE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    moved_to = models.ForeignKey(
        "locations.Location",
        verbose_name=_("moved to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        editable=False,
    )

    objects = ChildManager()
    all_objects = ScopedManager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        base_manager_name = "all_objects"
        ordering = ["name_normalized", "date_of_birth"]
        permissions = [
            ("export_child", "Can export children"),
            ("purge_child", "Can purge deleted children"),
            ("merge_child", "Can merge duplicate children"),
            ("review_shared_id", "Can review ID numbers shared between communes"),
        ]
        indexes = [
            models.Index(fields=["scope_path", "name_normalized"], name="child_scope_name"),
            models.Index(fields=["scope_path", "date_of_birth"], name="child_scope_dob"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_id__isnull=True) | Q(personal_id__regex=r"^[0-9]{12}$"),
                name="personal_id_12_digits",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_normalized = normalize_name(self.full_name)
        self.search_text = self.compute_search_text()
        if self.personal_id == "":
            self.personal_id = None
        if self.birth_registered_on and self.date_of_birth:
            delta = (self.birth_registered_on - self.date_of_birth).days
            self.birth_registered_on_time = delta <= BIRTH_REGISTRATION_DAYS
        else:
            self.birth_registered_on_time = None
        super().save(*args, **kwargs)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.date_of_birth, day)

    def compute_search_text(self, carer_names=None, head_name=None) -> str:
        """Normalised names the search looks in, separated so no phrase spans two people."""
        if carer_names is None:
            carer_names = [c.full_name for c in self.carers.all()] if self.pk else []
        if head_name is None:
            head_name = self.household.head_name if self.household_id else ""
        names = [self.full_name, *carer_names, head_name]
        return " | ".join(normalize_name(n) for n in names if n)[:600]

    def refresh_search_text(self) -> None:
        """Recompute and store ``search_text`` (after names of the child or carers changed)."""
        self.search_text = self.compute_search_text()
        type(self).all_objects.filter(pk=self.pk).update(search_text=self.search_text)

    def age_in_days(self, day: dt.date) -> int:
        return (day - self.date_of_birth).days

    def is_insured_on(self, day: dt.date) -> bool:
        return bool(self.insurance_number) and (
            self.insurance_valid_until is None or self.insurance_valid_until >= day
        )


class GroupKind(models.TextChoices):
    SPECIAL = "special", _("Special circumstances (Điều 10)")
    AT_RISK = "at_risk", _("At risk of special circumstances")


class GroupQuerySet(models.QuerySet):
    def in_tree_order(self) -> GroupQuerySet:
        """Special circumstances first, then at risk; each sub-group right after its own group.

        Groups and sub-groups share one ``order`` counter per level, so the plain ordering would
        put sub-group 1 of every group together under group a.
        """
        return self.order_by(
            models.Case(models.When(kind=GroupKind.SPECIAL, then=0), default=1),
            Coalesce("parent__order", "order"),
            Coalesce("parent__code", "code"),
            models.F("parent_id").asc(nulls_first=True),
            "order",
            "code",
        )


class Group(models.Model):
    """A group of children: one of the 14 legal groups, a sub-group, or an at-risk category."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subgroups"
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group of children")
        verbose_name_plural = _("groups of children")
        ordering = ["kind", "order", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        name = self.name_en if self.name_en and get_language() == "en" else self.name
        if self.kind == GroupKind.SPECIAL:  # the legal letter, or the sub-group's code ("a1")
            return f"{self.code}) {name}"
        return name

    @property
    def full_label(self) -> str:
        """The group with its own group first when it is a sub-group ("d) … — d2) …")."""
        return f"{self.parent} — {self}" if self.parent_id else str(self)


class GroupMembership(TimestampedModel):
    """A child's membership of a group over a period, with who verified it; never overwritten."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["group", "start_date", "end_date"], name="membership_period")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} — {self.group}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def audit_location_path(self) -> str:
        return self.child.scope_path


class Carer(TimestampedModel):
    """A parent, guardian or carer of a child (cha, mẹ, người chăm sóc, người giám hộ)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="carers")
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    full_name = models.CharField(_("full name"), max_length=150)
    name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    is_primary_carer = models.BooleanField(_("main carer"), default=False)
    is_deceased = models.BooleanField(_("deceased"), default=False)
    works_away = models.BooleanField(_("works away from home"), default=False)
    in_prison = models.BooleanField(_("in prison"), default=False)
    uses_drugs = models.BooleanField(_("uses drugs"), default=False)

    class Meta:
        verbose_name = _("carer")
        verbose_name_plural = _("carers")
        ordering = ["relationship", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relationship_display()})"

    def save(self, *args, **kwargs):
        self.name_normalized = normalize_name(self.full_name)
        super().save(*args, **kwargs)
        self.child.refresh_search_text()

    def audit_location_path(self) -> str:
        return self.child.scope_path


class SupportKind(models.TextChoices):
    SOCIAL_ALLOWANCE = "social_allowance", _("Monthly social allowance")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance card")
    HEALTH_CARE = "health_care", _("Health care")
    EDUCATION = "education", _("Education support (fees, books, lunch)")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    IN_KIND = "in_kind", _("Gifts in kind")
    CASH = "cash", _("Cash support")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    NUTRITION = "nutrition", _("Nutrition support")
    ALTERNATIVE_CARE = "alternative_care", _("Alternative care")
    OTHER = "other", _("Other")


class Support(TimestampedModel):
    """A support the child received (hỗ trợ, chính sách được hưởng)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("type of support"), max_length=20, choices=SupportKind.choices)
    received_on = models.DateField(_("date"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    provider = models.CharField(_("provided by"), max_length=150, blank=True)
    policy = models.CharField(_("policy"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("support received")
        verbose_name_plural = _("supports received")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d/%m/%Y}"

    def audit_location_path(self) -> str:
        return self.child.scope_path


class AllowanceBaseLevel(models.Model):
    """The social-assistance base level (mức chuẩn trợ giúp xã hội) in force from a date."""

    valid_from = models.DateField(_("valid from"), unique=True)
    amount_vnd = models.PositiveIntegerField(_("amount (VND per month)"))
    legal_basis = models.CharField(_("legal basis"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("allowance base level")
        verbose_name_plural = _("allowance base levels")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount_vnd:,} VND ({self.valid_from:%d/%m/%Y})"


class AllowanceCoefficient(models.Model):
    """A coefficient (hệ số) of the monthly allowance for a category of child, from a date."""

    code = models.CharField(_("code"), max_length=40)
    description = models.CharField(_("description"), max_length=255)
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("allowance coefficient")
        verbose_name_plural = _("allowance coefficients")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="one_coefficient_a_date")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.coefficient}"


class Measurement(TimestampedModel):
    """A weight/height measurement with its WHO z-scores (computed when saved).

    Under five the WHO 2006 standards (weight-for-length/height), from five the WHO 2007
    reference (BMI-for-age): ``whz`` or ``baz`` is set, never both.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    measured_lying = models.BooleanField(_("measured lying down"), null=True, blank=True)
    waz = models.FloatField(_("weight-for-age z"), null=True, blank=True, editable=False)
    haz = models.FloatField(_("height-for-age z"), null=True, blank=True, editable=False)
    whz = models.FloatField(_("weight-for-height z"), null=True, blank=True, editable=False)
    baz = models.FloatField(_("BMI-for-age z"), null=True, blank=True, editable=False)
    underweight = models.BooleanField(null=True, editable=False)
    stunted = models.BooleanField(null=True, editable=False)
    wasted = models.BooleanField(null=True, editable=False)
    thin = models.BooleanField(null=True, editable=False)  # baz < -2, from five years
    overweight = models.BooleanField(null=True, editable=False)  # whz > 2 under five, baz > 1 after
    obese = models.BooleanField(null=True, editable=False)  # whz > 3 under five, baz > 2 after
    needs_check = models.BooleanField(_("to be checked"), default=False, editable=False)
    check_reason = models.CharField(_("why to check"), max_length=255, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-measured_on"]
        indexes = [models.Index(fields=["child", "measured_on"], name="measurement_child_date")]

    def __str__(self) -> str:
        return f"{self.child} {self.measured_on:%d/%m/%Y}"

    def audit_location_path(self) -> str:
        return self.child.scope_path

    def classification(self) -> dict[str, str]:
        """The WHO classification of each z-score ("" for none), as the growth table shows it.

        The moderate flags are stored when the measurement is recorded; "severe" is the same
        indicator below -3 SD. Overweight and obesity belong to whichever of whz (under five) and
        baz (from five) the measurement has.
        """

        def low(z, flag, moderate, severe):
            if not flag:
                return ""
            return severe if z is not None and z < -3 else moderate

        high = _("obese") if self.obese else _("overweight") if self.overweight else ""
        return {
            "waz": low(self.waz, self.underweight, _("underweight"), _("severely underweight")),
            "haz": low(self.haz, self.stunted, _("stunted"), _("severely stunted")),
            "whz": low(self.whz, self.wasted, _("wasted"), _("severely wasted"))
            or (high if self.whz is not None else ""),
            "baz": low(self.baz, self.thin, _("thin"), _("severely thin"))
            or (high if self.baz is not None else ""),
        }


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UPDATED = "updated", _("Details changed")
    MOVED = "moved", _("Moved")
    STATUS = "status", _("Status changed")
    GROUP_START = "group_start", _("Joined a group")
    GROUP_END = "group_end", _("Left a group")
    SUPPORT = "support", _("Support received")
    MEASUREMENT = "measurement", _("Measured")
    MERGED = "merged", _("Duplicate merged")
    DELETED = "deleted", _("Deleted")
    RESTORED = "restored", _("Restored")


class ChildEvent(models.Model):
    """One line of a child's history (Mục V "theo dõi các thay đổi"), shown as the timeline."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="events")
    happened_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    from_location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The status the child has from ``happened_on`` (status changes and moves), so that counts
    # of past periods know whether a child was living here, had moved away or had died then.
    status = models.CharField(_("status"), max_length=12, choices=ChildStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("child event")
        verbose_name_plural = _("child events")
        ordering = ["-happened_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y} {self.get_kind_display()}"
