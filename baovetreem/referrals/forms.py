"""Forms of the directory, referrals and legal aid: they read what was typed, services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baovetreem.locations.models import Level, Location
from baovetreem.referrals.models import (
    LegalRole,
    ProviderKind,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, required=False, error_messages=None, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": _("Type the date as dd/mm/yyyy, for example 05/09/2019."),
            **(error_messages or {}),
        },
        **kwargs,
    )


def text_area(label, required=False, rows=3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceProvider) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ProviderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProviderKind.choices]
    )


class ProviderForm(forms.ModelForm):
    """An agency of the directory; the areas offered are those where the user keeps it."""

    location = forms.ModelChoiceField(
        label=_("Area served"),
        queryset=Location.objects.none(),
        help_text=_("A province-level provider serves every commune of the province."),
        error_messages={"required": _("Choose the province or the commune the provider serves.")},
    )

    class Meta:
        model = ServiceProvider
        fields = [
            "name",
            "kind",
            "location",
            "address",
            "phone",
            "contact_person",
            "services",
            "is_active",
        ]
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": _("Enter the name of the agency or provider.")},
            "kind": {"required": _("Choose the kind of provider from the list.")},
        }

    def __init__(self, *args, user, perm: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = (
            Location.objects.holding(user, perm)
            .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
            .order_by("path")
            .only("id", "name", "level", "path")
        )

    def provider_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "location"}


class ReferralForm(forms.Form):
    """Refer the case's child: the provider, the service, the reason, and the consent recorded."""

    provider = ProviderChoiceField(
        label=_("Provider"),
        queryset=ServiceProvider.objects.none(),
        error_messages={"required": _("Choose the provider the child is referred to.")},
    )
    service_kind = forms.ChoiceField(
        label=_("Service"),
        choices=[("", "—"), *ServiceKind.choices],
        error_messages={"required": _("Choose the service from the list.")},
    )
    reason = text_area(
        _("Reason for the referral"),
        required=True,
        error_messages={
            "required": _("Write why the child is referred and what is asked of the provider.")
        },
    )
    consent_carer = forms.BooleanField(
        label=_("The parent or carer agrees to the referral and to sharing the child's data"),
        required=False,
    )
    consent_child = forms.BooleanField(
        label=_("The child agrees (required from 7 years of age)"), required=False
    )
    consent_note = text_area(
        _("How consent was given"),
        rows=2,
        help_text=_("For example: signed form, or verbal agreement in front of a witness."),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    feedback = text_area(_("Feedback from the provider"))

    def __init__(self, *args, statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in ReferralStatus.choices if value in statuses
        ]


class LegalAidForm(forms.Form):
    child_role = forms.ChoiceField(
        label=_("The child is"),
        choices=[("", "—"), *LegalRole.choices],
        error_messages={
            "required": _("Choose whether the child is in conflict with the law or a victim.")
        },
    )
    provider = ProviderChoiceField(
        label=_("Legal-aid centre or law office"),
        queryset=ServiceProvider.objects.none(),
        required=False,
    )
    lawyer_name = forms.CharField(label=_("Lawyer or legal-aid officer"), required=False)
    started_on = date_field(
        _("Assisted since"),
        required=True,
        error_messages={"required": _("Enter the date the legal aid started.")},
    )
    outcome = text_area(_("Outcome"))
    notes = text_area(_("Notes"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class HearingForm(forms.Form):
    held_on = date_field(
        _("Date"), required=True, error_messages={"required": _("Enter the date of the hearing.")}
    )
    place = forms.CharField(label=_("Court or place"), required=False, max_length=200)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=200)
    result = text_area(_("Result"), rows=2)
