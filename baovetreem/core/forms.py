"""Form helpers shared by every app's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form: forms.Form, exc: ValidationError, default_field: str | None = None):
    """Show a service's ValidationError on ``form``: per field when the service named fields
    the form has, otherwise on ``default_field`` (None: the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, exc.messages)


class DecimalInput(forms.TextInput):
    """A text box for a decimal number, with the phone's numeric keypad and its separator key.

    Not ``<input type="number">``: a browser set to Vietnamese may refuse "12,5" there (or take it
    as 125), and one set to English may refuse it the other way round.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.is_localized = True  # a stored 12.5 shows as "12,5" on a Vietnamese page


class DecimalCommaField(forms.DecimalField):
    """A decimal number typed with a comma or a point ("12,5" or "12.5"), in any page language.

    One separator at most and no thousands grouping: "1.234,5" is refused rather than guessed.
    """

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Type a number, with a comma or a point before the decimals, e.g. 12,5."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class EnteredTextField(forms.CharField):
    """Text for the register, cleaned as the import and the API clean it.

    ``core.text.clean_entered_text`` composes Unicode, trims, collapses spaces (keeping line
    breaks when ``multiline``) and refuses control characters; the length is then checked on
    the cleaned text, so a name typed in decomposed Unicode is not refused as too long.
    """

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("strip", False)  # clean_entered_text trims
        super().__init__(**kwargs)

    def to_python(self, value):
        from baovetreem.core.text import clean_entered_text

        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        return clean_entered_text(value, multiline=self.multiline)
