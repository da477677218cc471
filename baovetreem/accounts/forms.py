"""Forms for signing in and for managing users within one's scope."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from baovetreem.accounts.models import Role
from baovetreem.accounts.services import grantable_role_ids, manageable_locations
from baovetreem.locations.models import Location


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Check them (passwords are case-sensitive) "
            "and try again."
        ),
        "inactive": _("This account is deactivated. Ask your administrator to reactivate it."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class ScopedLocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        parent = obj.parent.name if obj.parent_id else ""
        return f"{obj.name} — {parent}" if parent else obj.name


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9_.-]{3,150}$",
        error_messages={
            "invalid": _(
                "Use 3 or more letters without accents, digits, dots, dashes or underscores."
            )
        },
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    location = ScopedLocationChoiceField(label=_("Area"), queryset=Location.objects.none())
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Repeat password"), widget=forms.PasswordInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["location"].queryset = manageable_locations(actor)
        self.fields["role"].queryset = Role.objects.filter(
            is_active=True, pk__in=grantable_role_ids(actor)
        )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error(
                "password2", _("The two passwords differ. Type the same password twice.")
            )
        return data


class AssignmentForm(forms.Form):
    location = ScopedLocationChoiceField(label=_("Area"), queryset=Location.objects.none())
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = manageable_locations(actor)
        self.fields["role"].queryset = Role.objects.filter(
            is_active=True, pk__in=grantable_role_ids(actor)
        )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Repeat password"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error(
                "password2", _("The two passwords differ. Type the same password twice.")
            )
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.all(), required=False, empty_label=_("All roles")
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
    )
