"""Forms of case management, usable on a 375 px phone: dates typed as dd/mm/yyyy.

The forms only read what was typed; what a step requires is decided by ``workflow`` (one place
for the rules, shared with the API), whose errors the views put back on these fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baovetreem.accounts.models import User
from baovetreem.cases.models import (
    AssignmentRole,
    CaseState,
    Channel,
    Classification,
    ReportSex,
    RiskLevel,
    SuspectedRelationship,
)
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Level, Location
from baovetreem.registry.forms import GroupChoiceField
from baovetreem.registry.models import Child, GroupKind

DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, required=False, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Type the date as dd/mm/yyyy, for example 05/09/2019.")},
        **kwargs,
    )


def text_area(label, required=False, rows=3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.parent_id else obj.name


def places_for_intake(user):
    """Communes and villages where ``user`` may receive reports."""
    return (
        Location.objects.holding(user, "cases.add_report")
        .filter(level__in=[Level.COMMUNE, Level.VILLAGE])
        .select_related("parent")
        .order_by("path")
    )


class ReportForm(forms.Form):
    """Mẫu 01: the report received about a child."""

    location = PlaceChoiceField(
        label=_("Commune or village where the child is"), queryset=Location.objects.none()
    )
    classification = forms.ChoiceField(label=_("The child is"), choices=Classification.choices)
    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(
            format=DATETIME_FORMAT, attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "text"}
        ),
        error_messages={
            "invalid": _("Type the time as dd/mm/yyyy hh:mm, for example 29/04/2026 08:30.")
        },
    )
    child = forms.ModelChoiceField(
        queryset=Child.objects.none(), required=False, widget=forms.HiddenInput
    )
    child_name = forms.CharField(
        label=_("Child's name"),
        required=False,
        max_length=150,
        help_text=_("Leave empty if the name is not known."),
    )
    child_date_of_birth = date_field(_("Child's date of birth"))
    child_estimated_age = forms.IntegerField(
        label=_("Or estimated age (years)"), required=False, min_value=0, max_value=17
    )
    child_sex = forms.ChoiceField(
        label=_("Child's sex"), choices=ReportSex.choices, initial=ReportSex.UNKNOWN
    )
    incident_place = forms.CharField(label=_("Where it happened"), required=False, max_length=255)
    what_happened = text_area(_("What happened"), required=True, rows=4)
    current_condition = text_area(_("The child's current condition"))
    likely_consequence = text_area(_("Likely consequence without help"))
    father_name = forms.CharField(label=_("Father's name"), required=False, max_length=150)
    father_age = forms.IntegerField(
        label=_("Father's age"), required=False, min_value=10, max_value=120
    )
    father_occupation = forms.CharField(
        label=_("Father's occupation"), required=False, max_length=150
    )
    mother_name = forms.CharField(label=_("Mother's name"), required=False, max_length=150)
    mother_age = forms.IntegerField(
        label=_("Mother's age"), required=False, min_value=10, max_value=120
    )
    mother_occupation = forms.CharField(
        label=_("Mother's occupation"), required=False, max_length=150
    )
    family_circumstances = text_area(_("Family circumstances"))
    current_carer = forms.CharField(
        label=_("Current carer (if known)"), required=False, max_length=255
    )
    suspected_person = forms.CharField(label=_("Suspected person"), required=False, max_length=255)
    suspected_relationship = forms.ChoiceField(
        label=_("Suspected person's relationship to the child"),
        choices=SuspectedRelationship.choices,
        initial=SuspectedRelationship.UNKNOWN,
    )
    actions_taken = text_area(_("Actions already taken before the report"))
    reporter_consent = forms.BooleanField(
        label=_("The reporter agrees to give their name and contact"), required=False
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=150)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    reporter_address = forms.CharField(
        label=_("Reporter's address"), required=False, max_length=255
    )
    notes = text_area(_("Notes"))

    SECTIONS = [
        (_("The report"), ["location", "classification", "channel", "received_at"]),
        (
            _("The child"),
            [
                "child_name",
                "child_date_of_birth",
                "child_estimated_age",
                "child_sex",
                "incident_place",
                "what_happened",
                "current_condition",
                "likely_consequence",
            ],
        ),
        (
            _("Family"),
            [
                "father_name",
                "father_age",
                "father_occupation",
                "mother_name",
                "mother_age",
                "mother_occupation",
                "family_circumstances",
                "current_carer",
                "suspected_person",
                "suspected_relationship",
                "actions_taken",
            ],
        ),
        (
            _("Reporter (only if they agree)"),
            ["reporter_consent", "reporter_name", "reporter_phone", "reporter_address", "notes"],
        ),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = places_for_intake(user)
        self.fields["child"].queryset = Child.objects.restrict(user, "view")
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def report_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("location")
        return data


class StepForm(forms.Form):
    """Base of the forms of a step: carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"] = self.fields.pop("note")  # after the step's own fields

    def step_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "note"}}


class VerificationForm(StepForm):
    findings = text_area(_("What was checked and found"))
    child_safe = forms.BooleanField(label=_("The child is safe now"), required=False)


RISK_CHOICES = [("", "—"), *RiskLevel.choices]


class InitialAssessmentForm(StepForm):
    """Mẫu 02."""

    harm = text_area(
        _("Harm to the child"),
        help_text=_("Already harmed or at risk soon? Serious? Will it go on if nothing changes?"),
    )
    perpetrator_access = text_area(
        _("The suspected person's access"),
        help_text=_("Can they still harm the child? Can the main carer protect the child now?"),
    )
    care_environment = text_area(
        _("Care environment"),
        help_text=_("Is there a relative able and willing to protect the child?"),
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RISK_CHOICES, required=False)
    conclusion = forms.ChoiceField(
        label=_("Conclusion"),
        required=False,
        choices=[
            ("", "—"),
            ("emergency", _("Emergency")),
            ("non_emergency", _("Not an emergency")),
        ],
    )


class InterventionForm(StepForm):
    measures = text_area(_("Measures taken"))
    temporary_separation = forms.BooleanField(
        label=_("Temporary separation from the carer"), required=False
    )
    separation_days = forms.IntegerField(
        label=_("Separation length (days, at most 15)"), required=False
    )
    placed_with = forms.CharField(label=_("Placed with / at"), required=False, max_length=255)


class DetailedAssessmentForm(StepForm):
    """Mẫu 03."""

    findings = text_area(_("Findings"))
    # Art. 27.1: what the assessment gathers; each is printed on form 03 only when written.
    physical = text_area(_("The child's physical and mental state"), rows=2)
    family = text_area(_("Family circumstances and the family's ability to protect"), rows=2)
    risk_factors = text_area(_("What may lead to (further) harm"), rows=2)
    learning = text_area(_("Schooling and the child's ability to protect themself"), rows=2)
    community = text_area(_("Safety and support in the community"), rows=2)
    needs = text_area(_("Needs of the child and family"))
    child_views = text_area(_("The child's views and wishes"), rows=2)
    parent_views = text_area(_("The parents' or carer's views and wishes"), rows=2)
    meeting_on = date_field(_("Needs meeting held on"))
    meeting_attendees = text_area(_("Who attended the meeting"), rows=2)
    agreed_measures = text_area(_("Protection measures agreed at the meeting"), rows=2)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RISK_CHOICES, required=False)
    confirmed_group = GroupChoiceField(
        label=_("Confirmed group of children in special circumstances"),
        kinds=[GroupKind.SPECIAL],
        required=False,
        help_text=_("When the case is linked to the register, the officer confirms the group."),
    )

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        group = data.get("confirmed_group")
        data["confirmed_group"] = group.pk if group else None
        return data


# The parts of a service, in the order Mẫu 04 lists them (Nghị định 56/2017, Art. 28.3).
PLAN_LINE_PARTS = ("service", "provider", "starts_on", "ends_on", "cost_vnd")
SERVICE_ROWS_SHOWN = 3  # empty rows offered on a new plan; "Add a row" adds more
SERVICE_ROWS_MAX = 30


def _text_input(label, placeholder="", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": placeholder, **attrs}),
    )


class ServiceRowForm(forms.Form):
    """One service of the plan (one row of the table of Mẫu 04). Every part is read as typed:
    ``workflow.validate_plan`` decides what a service needs and names the row in its errors."""

    service = _text_input(_("Service or task"), "Tư vấn tâm lý")
    provider = _text_input(_("Who carries it out"), "Trạm y tế xã")
    starts_on = _text_input(_("Start date"), "dd/mm/yyyy", inputmode="numeric", autocomplete="off")
    ends_on = _text_input(
        _("Expected end date"), "dd/mm/yyyy", inputmode="numeric", autocomplete="off"
    )
    cost_vnd = _text_input(_("Estimated cost (đồng)"), "1.500.000", inputmode="decimal")


ServiceRowFormSet = forms.formset_factory(
    ServiceRowForm, extra=0, max_num=SERVICE_ROWS_MAX, validate_max=True
)


def service_row_initial(service: dict) -> dict[str, str]:
    """A stored service as its row shows it again (dates dd/mm/yyyy, cost 1.500.000)."""
    row = {key: service.get(key) or "" for key in ("service", "provider")}
    for key in ("starts_on", "ends_on"):
        value = service.get(key) or (service.get("due_on") if key == "ends_on" else None)
        row[key] = dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
    cost = service.get("cost_vnd")
    row["cost_vnd"] = f"{cost:,}".replace(",", ".") if cost is not None else ""
    return row


class PlanForm(StepForm):
    """Mẫu 04: goals, the services as rows of the form's table (service, who carries it out,
    start, expected end, cost in đồng) and the review date.

    Rows are plain inputs: the page works on a phone without JavaScript ("Add a row" sends the
    form back with one more empty row); with JavaScript the row is added in place."""

    goals = text_area(_("Goals"))
    review_on = date_field(_("Review on"))

    def __init__(self, *args, rows: list[dict] | None = None, extra_rows: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = f"{self.prefix}-services" if self.prefix else "services"
        if self.is_bound:
            self.services = ServiceRowFormSet(self.data, prefix=prefix)
        else:
            initial = list(rows or [])
            blank = extra_rows or max(SERVICE_ROWS_SHOWN - len(initial), 1)
            self.services = ServiceRowFormSet(initial=initial + [{}] * blank, prefix=prefix)

    def is_valid(self) -> bool:
        rows_valid = self.services.is_valid()
        return super().is_valid() and rows_valid

    def with_another_row(self) -> PlanForm:
        """The same form, unbound, holding what was typed and one more empty row (the
        no-JavaScript "Add a row")."""
        rows = (
            [
                {name: row[name].value() or "" for name in PLAN_LINE_PARTS}
                for row in self.services.forms
            ]
            if self.services.management_form.is_valid()
            else []
        )
        initial = {name: self[name].value() for name in ("version", "goals", "review_on", "note")}
        return PlanForm(prefix=self.prefix, initial=initial, rows=rows, extra_rows=1)

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        data["services"] = [
            {"line": number, **{k: row.cleaned_data.get(k, "") for k in PLAN_LINE_PARTS}}
            for number, row in enumerate(self.services.forms, start=1)
        ]
        return data


def new_step_form(case, state: str) -> StepForm:
    """The empty form of a step on the case page. A plan recorded again (sent back by the
    supervisor, or after a review) starts from the last plan, to correct rather than retype."""
    initial: dict[str, Any] = {"version": case.version}
    if state == CaseState.PLANNING:
        last = case.transitions.filter(to_state=CaseState.PLANNING).order_by("-at", "-id").first()
        if last is not None:
            review_on = last.data.get("review_on")
            initial["goals"] = last.data.get("goals", "")
            initial["review_on"] = dt.date.fromisoformat(review_on) if review_on else None
            rows = [service_row_initial(s) for s in last.data.get("services") or []]
            return PlanForm(prefix=state, initial=initial, rows=rows)
    return STEP_FORMS[state](prefix=state, initial=initial)


class ApprovalForm(StepForm):
    """Mẫu 05: the commune chair's decision."""

    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=50)
    decided_on = date_field(_("Decided on"))


class PlanReturnForm(StepForm):
    """The supervisor sends the plan back to the worker, saying why."""

    reason = text_area(_("Why the plan is sent back (what to change)"), required=True)


class ImplementationForm(StepForm):
    started_on = date_field(_("Started on"))


LEVEL_CHOICES = [("", "—"), *RiskLevel.choices]


class ReviewForm(StepForm):
    """Mẫu 06, 1a: three factors rated high, medium or low."""

    harm_level = forms.ChoiceField(
        label=_("Is the harm to the child still serious?"), choices=LEVEL_CHOICES, required=False
    )
    perpetrator_access = forms.ChoiceField(
        label=_("The perpetrator's access to the child"), choices=LEVEL_CHOICES, required=False
    )
    care_obstacles = forms.ChoiceField(
        label=_("Obstacles to safety in the care environment"),
        choices=LEVEL_CHOICES,
        required=False,
    )
    summary = text_area(_("The child's situation after the plan"))


class ClosureForm(StepForm):
    reason = text_area(_("Why the case can be closed"))


STEP_FORMS: dict[str, type[StepForm]] = {
    CaseState.VERIFIED: VerificationForm,
    CaseState.INITIAL_ASSESSMENT: InitialAssessmentForm,
    CaseState.EMERGENCY: InterventionForm,
    CaseState.DETAILED_ASSESSMENT: DetailedAssessmentForm,
    CaseState.PLANNING: PlanForm,
    CaseState.APPROVED: ApprovalForm,
    CaseState.RETURNED: PlanReturnForm,
    CaseState.IMPLEMENTING: ImplementationForm,
    CaseState.REVIEW: ReviewForm,
    CaseState.CLOSED: ClosureForm,
}


def assignable_users(case):
    """Users holding ``cases.view_case`` on the case's unit or one above it."""
    parts = case.scope_path.strip("/").split("/")
    ancestors = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__location__path__in=ancestors,
            role_assignments__role__is_active=True,
            role_assignments__role__permissions__content_type__app_label="cases",
            role_assignments__role__permissions__codename="view_case",
        )
        .exclude(case_assignments__case=case)
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=AssignmentRole.choices)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = assignable_users(case)


class CaseFilterForm(forms.Form):
    """The case list's filters; the home-page cards link to the list with ``open`` or
    ``emergency_soon`` set, so that the list shows the cases a card counts."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *CaseState.choices]
    )
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    emergency_soon = forms.BooleanField(
        label=_("Emergency intervention due within 12 hours"), required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class BreakGlassForm(forms.Form):
    """The reason a user outside the case gives to open it."""

    reason = text_area(
        _("Why you need to open this case"),
        required=True,
        rows=3,
        max_length=1000,
        help_text=_("The reason is recorded and shown to the case's supervisor."),
    )


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return obj.name


TYPEAHEAD_MIN = 1  # letters typed before the commune list narrows


def provinces():
    """The provinces a case may move to (current units only, by name)."""
    return Location.objects.filter(level=Level.PROVINCE, valid_until__isnull=True).order_by("name")


def communes_of(province: Location, query: str = ""):
    """The current communes of ``province``, by name; those whose name holds ``query``
    (accents and case ignored) when one is typed."""
    communes = Location.objects.filter(
        level=Level.COMMUNE, path__startswith=province.path, valid_until__isnull=True
    ).order_by("name")
    query = normalize_name(query or "")
    if len(query) >= TYPEAHEAD_MIN:
        communes = communes.filter(name_normalized__contains=query)
    return communes


class TransferForm(forms.Form):
    """Ask the commune the child moved to to take over the case: the province first, then one
    of its communes (a page never carries the 3,321 communes of the country at once)."""

    province = forms.ModelChoiceField(
        label=_("Province the child moved to"),
        queryset=Location.objects.filter(level=Level.PROVINCE),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose the province the child moved to.")},
    )
    to_location = CommuneChoiceField(
        label=_("Commune the child moved to"),
        queryset=Location.objects.none(),
        error_messages={
            "required": _("Choose the commune the child moved to."),
            "invalid_choice": _("Choose a commune of the province from the list."),
        },
    )
    note = text_area(_("Note for the receiving commune"), max_length=1000)

    def __init__(self, *args, province: Location | None = None, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if province is None and self.is_bound:
            province = province_from(self.data.get(self.add_prefix("province")))
        self.chosen_province = province
        if province is not None:
            self.initial.setdefault("province", province.pk)
            communes = communes_of(province, query)
            self.fields["to_location"].queryset = communes
            if query and not self.is_bound:
                matches = list(communes[:2])
                if len(matches) == 1:  # one commune left: chosen for the user
                    self.initial["to_location"] = matches[0].pk


def province_from(value) -> Location | None:
    """The province whose id ``value`` is, or None."""
    if value is None or not str(value).isdigit():
        return None
    return provinces().filter(pk=int(value)).first()


class TransferDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class AttachmentForm(forms.Form):
    """A photo (JPEG, PNG) or a PDF scan."""

    file = forms.FileField(
        label=_("File (JPEG, PNG or PDF)"),
        error_messages={"required": _("Choose a file to attach.")},
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
