"""Forms of the hotline console: quick to fill with the keyboard during a call, and on a phone."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baovetreem.cases.forms import DATETIME_FORMAT, PlaceChoiceField, date_field
from baovetreem.hotline.models import (
    AgeBand,
    CallerSex,
    CallerType,
    Line,
    Outcome,
    TopicCategory,
)
from baovetreem.locations.models import Level, Location

DURATION = re.compile(r"^\s*(?:(\d{1,3})\s*[:.]\s*)?(\d{1,4})\s*$")


def places_for(user, perm: str):
    """Provinces and communes where ``user`` holds ``perm``."""
    return (
        Location.objects.holding(user, perm)
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
        .select_related("parent")
        .order_by("path")
    )


def topic_choices(*, groups: bool = False) -> list:
    """Active topics grouped under their group; with ``groups``, a group is selectable too."""
    topics = TopicCategory.objects.filter(is_active=True).order_by("order", "code")
    by_parent: dict[int | None, list[TopicCategory]] = {}
    for topic in topics:
        by_parent.setdefault(topic.parent_id, []).append(topic)
    choices: list = [("", "—")]
    for group in by_parent.get(None, []):
        options = [(str(t.pk), t.name) for t in by_parent.get(group.pk, [])]
        if groups:
            options.insert(0, (str(group.pk), _("%(group)s: all") % {"group": group.name}))
        choices.append((group.name, options))
    return choices


class DurationField(forms.CharField):
    """A call's length typed as minutes:seconds ("4:30"), or seconds alone ("45")."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "m:ss", "inputmode": "numeric", "size": 6}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            minutes, seconds = divmod(value, 60)
            return f"{minutes}:{seconds:02d}"
        return value

    def clean(self, value) -> int:
        value = super().clean(value)
        if not value:
            return 0
        match = DURATION.match(value)
        if not match or (match.group(1) is not None and int(match.group(2)) > 59):
            raise forms.ValidationError(
                _("Type the duration as minutes:seconds, for example 4:30.")
            )
        minutes = int(match.group(1) or 0)
        return minutes * 60 + int(match.group(2))


class ContactForm(forms.Form):
    """One call, entered while or just after it happens."""

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
    duration_seconds = DurationField(label=_("Duration (min:sec)"), required=False)
    line = forms.ChoiceField(label=_("Line"), choices=Line.choices, initial=Line.NATIONAL_111)
    caller_type = forms.ChoiceField(
        label=_("Caller"), choices=CallerType.choices, initial=CallerType.UNKNOWN
    )
    caller_sex = forms.ChoiceField(
        label=_("Caller's sex"), choices=CallerSex.choices, initial=CallerSex.UNKNOWN
    )
    caller_age_band = forms.ChoiceField(
        label=_("Caller's age"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=TopicCategory.objects.filter(parent__isnull=False, is_active=True),
        error_messages={"required": _("Choose the topic of the call.")},
    )
    location = PlaceChoiceField(
        label=_("Province or commune concerned"), queryset=Location.objects.none()
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.REPORT_CREATED],
        error_messages={"required": _("Choose the outcome of the call.")},
        help_text=_("To create a report, save the call first, then open it."),
    )

    def __init__(
        self, *args, user, perm: str = "hotline.add_contact", quick: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if quick:
            # During a call the time is already right: the operator starts at the caller.
            self.fields["caller_type"].widget.attrs["autofocus"] = True
        places = places_for(user, perm)
        self.fields["location"].queryset = places
        self.fields["topic"].choices = topic_choices()
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            if "location" not in self.initial:
                first = places.filter(level=Level.PROVINCE).first()
                if first is not None:
                    self.initial["location"] = first.pk

    def contact_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ContactFilterForm(forms.Form):
    """Filters of the contact log."""

    q = forms.CharField(label=_("Search the summaries"), required=False, max_length=100)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=TopicCategory.objects.all(), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *Outcome.choices]
    )
    caller_type = forms.ChoiceField(
        label=_("Caller"), required=False, choices=[("", _("All")), *CallerType.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices(groups=True)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class PressItemForm(forms.Form):
    """One news item of the press review."""

    published_on = date_field(_("Published on"), required=True)
    outlet = forms.CharField(label=_("Newspaper or website"), max_length=150)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Type a full web address, for example https://...")},
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    location = PlaceChoiceField(
        label=_("Province or commune concerned"), queryset=Location.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = places_for(user, "hotline.add_pressitem")
        if not self.is_bound:
            self.initial.setdefault("published_on", timezone.localdate())
