"""Forms of the register, usable on a 375 px phone: dates typed as dd/mm/yyyy."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from baovetreem.core.forms import DecimalCommaField, EnteredTextField
from baovetreem.core.text import LONG_TEXT_MAX_LENGTH
from baovetreem.locations.models import Level, Location
from baovetreem.registry.models import (
    ChildStatus,
    DatePrecision,
    DisabilitySeverity,
    DisabilityType,
    Group,
    GroupKind,
    Household,
    ParentsStatus,
    SchoolLevel,
    Sex,
    SupportKind,
)
from baovetreem.registry.reference import ETHNIC_GROUPS


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"invalid": _("Type the date as dd/mm/yyyy, for example 05/09/2019.")},
        **kwargs,
    )


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        if obj.level == Level.COMMUNE:
            return _("%(commune)s (village not yet known)") % {"commune": obj.name}
        return f"{obj.name} — {obj.parent.name}" if obj.parent_id else obj.name


class GroupChoiceIterator(forms.models.ModelChoiceIterator):
    """Options in tree order; under one heading per kind when the picker offers several kinds."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = list(self.queryset)
        if len(self.field.kinds) == 1:
            yield from (self.choice(group) for group in groups)
            return
        for kind in GroupKind:
            options = [self.choice(group) for group in groups if group.kind == kind]
            if options:
                yield (kind.label, options)


class GroupChoiceField(forms.ModelChoiceField):
    """The one picker of groups of children (register filter, "add a group", case form 03).

    Each sub-group is listed right after its own group, indented and labelled with its code
    ("a1) …"), so nobody picks a sub-group of another group by mistake.
    """

    iterator = GroupChoiceIterator

    def __init__(self, *, kinds=(GroupKind.SPECIAL, GroupKind.AT_RISK), **kwargs):
        self.kinds = tuple(kinds)
        queryset = (
            Group.objects.filter(kind__in=self.kinds, is_active=True)
            .select_related("parent")
            .in_tree_order()
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Group) -> str:
        # No-break spaces survive in <option> text, where plain leading spaces are collapsed.
        return f"\u00a0\u00a0\u00a0{obj}" if obj.parent_id else str(obj)


def places_for(user, action: str):
    """Villages (and communes) where ``user`` may ``action`` children."""
    return (
        Location.objects.holding(user, f"registry.{action}_child")
        .filter(level__in=[Level.VILLAGE, Level.COMMUNE])
        .select_related("parent")
        .order_by("path")
    )


class ChildForm(forms.Form):
    village = VillageChoiceField(label=_("Village"), queryset=Location.objects.none())
    full_name = EnteredTextField(label=_("Full name"), max_length=150)
    # Right under the name: the likely duplicates show beside these two fields while typed.
    date_of_birth = date_field(_("Date of birth"))
    birth_date_precision = forms.ChoiceField(
        label=_("Date of birth known to"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    # No default: a sex chosen for the collaborator would be stored unnoticed when wrong.
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("— choose —")), (Sex.MALE, Sex.MALE.label), (Sex.FEMALE, Sex.FEMALE.label)],
        error_messages={"required": _("Choose the child's sex.")},
    )
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=ETHNIC_GROUPS, initial="01")
    personal_id = forms.CharField(
        label=_("Personal ID number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("12 digits; leave empty if the child has none yet."),
    )
    father_name = EnteredTextField(label=_("Father's name"), required=False, max_length=150)
    mother_name = EnteredTextField(label=_("Mother's name"), required=False, max_length=150)
    carer_name = EnteredTextField(
        label=_("Other carer's name"),
        required=False,
        max_length=150,
        help_text=_("Grandparent or relative who looks after the child, if not the parents."),
    )
    parents_status = forms.ChoiceField(
        label=_("Parents"), choices=ParentsStatus.choices, initial=ParentsStatus.UNKNOWN
    )
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=Household.objects.none(), required=False
    )
    birth_registered_on = date_field(_("Birth registered on"), required=False)
    insurance_number = EnteredTextField(
        label=_("Health insurance card number"), required=False, max_length=30
    )
    insurance_valid_until = date_field(_("Insurance valid until"), required=False)
    disability_type = forms.ChoiceField(
        label=_("Disability"), required=False, choices=[("", _("None")), *DisabilityType.choices]
    )
    disability_severity = forms.ChoiceField(
        label=_("Disability severity"),
        required=False,
        choices=[("", "—"), *DisabilitySeverity.choices],
    )
    school_level = forms.ChoiceField(
        label=_("Schooling"), required=False, choices=[("", "—"), *SchoolLevel.choices]
    )
    school_name = EnteredTextField(label=_("School"), required=False, max_length=150)
    grade = EnteredTextField(label=_("Grade"), required=False, max_length=10)
    out_of_school_since = date_field(_("Out of school since"), required=False)
    swimming_skills = forms.BooleanField(
        label=_("Taught swimming / drowning prevention"), required=False
    )
    injury_prevention = forms.BooleanField(label=_("Taught injury prevention"), required=False)
    notes = EnteredTextField(
        label=_("Notes"),
        required=False,
        multiline=True,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = places_for(user, "change" if editing else "add")
        self.fields["household"].queryset = Household.objects.restrict(user, "view").order_by(
            "head_name_normalized"
        )
        if editing:
            for name in ("village", "father_name", "mother_name", "carer_name"):
                del self.fields[name]

    def likely_duplicates(self, user) -> list:
        """Children of ``user``'s register who may be the one entered (shown before saving)."""
        from baovetreem.registry.search import likely_duplicates

        data = self.cleaned_data
        return likely_duplicates(
            user,
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            carer_names=[data.get("father_name"), data.get("mother_name"), data.get("carer_name")],
            personal_id=data.get("personal_id"),
        )

    def identity_data(self) -> dict:
        """Cleaned values that belong on the Child row."""
        skip = {"village", "father_name", "mother_name", "carer_name", "version"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def carers_data(self) -> list[dict]:
        carers = []
        data = self.cleaned_data
        if data.get("father_name"):
            carers.append({"relationship": "father", "full_name": data["father_name"]})
        if data.get("mother_name"):
            carers.append({"relationship": "mother", "full_name": data["mother_name"]})
        if data.get("carer_name"):
            carers.append(
                {
                    "relationship": "relative",
                    "full_name": data["carer_name"],
                    "is_primary_carer": True,
                }
            )
        return carers


class ChildFilterForm(forms.Form):
    AGE_BANDS = [
        ("", _("All ages")),
        ("0-2", _("Under 3")),
        ("3-5", _("3 to 5")),
        ("6-10", _("6 to 10")),
        ("11-15", _("11 to 15")),
        ("0-5", _("Under 6")),
        ("0-4", _("Under 5")),
    ]
    MISSING = [
        ("", _("—")),
        ("insurance", _("No valid health insurance (under 6)")),
        ("birth_registration", _("Birth not registered")),
        ("late_registration", _("Birth registered late")),
        ("personal_id", _("No personal ID number")),
        ("measurement", _("No measurement (under 5)")),
        ("measurement_this_year", _("Not measured this year (under 5)")),
    ]

    q = forms.CharField(label=_("Search"), required=False)
    village = VillageChoiceField(
        label=_("Village"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All villages"),
    )
    group = GroupChoiceField(
        label=_("Special circumstances"),
        kinds=[GroupKind.SPECIAL],
        required=False,
        empty_label=_("All"),
    )
    at_risk = GroupChoiceField(
        label=_("At risk"), kinds=[GroupKind.AT_RISK], required=False, empty_label=_("All")
    )
    age = forms.ChoiceField(label=_("Age"), choices=AGE_BANDS, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("All")), (Sex.MALE, Sex.MALE.label), (Sex.FEMALE, Sex.FEMALE.label)],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Living here")), ("all", _("All statuses")), *ChildStatus.choices[1:]],
    )
    missing = forms.ChoiceField(label=_("Missing data"), choices=MISSING, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = places_for(user, "view")
        if places.filter(level=Level.COMMUNE).count() > 1:
            # Over a province, a list of a thousand villages helps nobody: choose the commune.
            places = places.filter(level=Level.COMMUNE)
            self.fields["village"].label = _("Commune")
            self.fields["village"].empty_label = _("All communes")
        self.fields["village"].queryset = places


class MembershipForm(forms.Form):
    group = GroupChoiceField(label=_("Group"))
    start_date = date_field(_("From"))
    source = forms.CharField(
        label=_("Verified by / source"),
        required=False,
        max_length=255,
        help_text=_("For example: home visit, school letter, medical certificate."),
    )


class EndMembershipForm(forms.Form):
    end_date = date_field(_("Until"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of support"), choices=SupportKind.choices)
    received_on = date_field(_("Date"))
    amount_vnd = forms.IntegerField(
        label=_("Amount (VND)"),
        required=False,
        min_value=0,
        help_text=_("Leave empty for the monthly allowance: it is computed from the base level."),
    )
    provider = forms.CharField(label=_("Provided by"), required=False, max_length=150)
    policy = forms.CharField(label=_("Policy"), required=False, max_length=255)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class MeasurementForm(forms.Form):
    measured_on = date_field(_("Measured on"))
    # Typed as "12,5" or "12.5": Vietnamese write a decimal comma (core.forms.DecimalCommaField).
    weight_kg = DecimalCommaField(
        label=_("Weight (kg)"), required=False, min_value=0.3, max_value=150, decimal_places=2
    )
    height_cm = DecimalCommaField(
        label=_("Height (cm)"), required=False, min_value=20, max_value=220, decimal_places=1
    )
    measured_lying = forms.TypedChoiceField(
        label=_("Position"),
        required=False,
        coerce=lambda v: {"1": True, "0": False}.get(v),
        empty_value=None,
        choices=[("", _("As usual for the age")), ("1", _("Lying down")), ("0", _("Standing"))],
    )
    confirmed = forms.BooleanField(
        label=_("I checked these values: store them although they look unusual"), required=False
    )


class MoveForm(forms.Form):
    to_village = VillageChoiceField(
        label=_("Moves to a village of your area"), queryset=Location.objects.none(), required=False
    )
    commune_code = forms.CharField(
        label=_("…or to another commune (5-digit code)"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    on = date_field(_("Moved on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_village"].queryset = places_for(user, "change")

    def clean(self):
        data = super().clean()
        village, code = data.get("to_village"), (data.get("commune_code") or "").strip()
        if bool(village) == bool(code):
            raise forms.ValidationError(
                _(
                    "Choose a village of your area, or type the code of another commune: "
                    "one of the two."
                )
            )
        if code:
            commune = Location.objects.filter(level=Level.COMMUNE, code=code.zfill(5)).first()
            if commune is None:
                self.add_error("commune_code", _("No commune has this code. Check the code."))
            data["to"] = commune
        else:
            data["to"] = village
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ChildStatus.choices)
    on = date_field(_("Since"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record deleted?"),
        max_length=255,
        help_text=_("For example: entered twice, not a child of this area."),
    )


class RegisterUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        if obj.level == Level.COMMUNE:
            return _("%(name)s (whole commune)") % {"name": obj.name}
        return f"{obj.name} — {obj.parent.name}" if obj.parent_id else obj.name


class VillageRegisterForm(forms.Form):
    """Which register to print: a village or a commune of the user's area, and a year."""

    unit = RegisterUnitChoiceField(label=_("Village or commune"), queryset=Location.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args, user, **kwargs):
        from django.utils import timezone

        from baovetreem.registry.village_register import register_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = register_units(user)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].initial = this_year
