"""Forms for villages and the village import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baovetreem.locations.models import VILLAGE_KINDS, Kind, Level


class VillageForm(forms.Form):
    code = forms.CharField(label=_("Village code"), max_length=20)
    name = forms.CharField(label=_("Village name"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[(k.value, k.label) for k in VILLAGE_KINDS], initial=Kind.THON
    )


class VillageImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=_("Columns: Mã xã, Mã thôn, Tên thôn (and optionally Loại)."),
    )


class LocationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )


class CommuneCharacteristicsForm(forms.Form):
    is_mountain = forms.BooleanField(label=_("Mountainous"), required=False)
    is_island = forms.BooleanField(label=_("Island"), required=False)
    is_extremely_disadvantaged = forms.BooleanField(
        label=_("Extremely disadvantaged (Program 135)"), required=False
    )
