"""Checks on a child's identity data, with messages that say what to fix."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baovetreem.registry.reference import CENTURY_BASE, ID_PROVINCE_CODES

_NON_DIGITS = re.compile(r"[\s.\-]")
# A health insurance card number (mã số thẻ BHYT, QĐ 1351/QĐ-BHXH): 2 letters for the holder's
# category, then 13 digits (benefit level, province, and the 10-digit social insurance number).
_INSURANCE_NUMBER = re.compile(r"^[A-Z]{2}[0-9]{13}$")


def clean_personal_id(value: str | None) -> str | None:
    """Strip the spaces, dots and dashes people type inside ID numbers; "" → None."""
    if value is None:
        return None
    text = _NON_DIGITS.sub("", str(value))
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read from Excel
        text = text[:-2]
    return text or None


def clean_insurance_number(value: str | None) -> str:
    """A card number as stored: spaces, dots and dashes taken out, letters in capitals."""
    return _NON_DIGITS.sub("", str(value or "")).upper()


def check_insurance_number(value: str) -> None:
    """Raise ValidationError unless ``value`` (cleaned) has the card's 2 letters + 13 digits."""
    if value and not _INSURANCE_NUMBER.match(value):
        raise ValidationError(
            _(
                "A health insurance card number has 2 letters then 13 digits, for example "
                "TE1790123456789; “%(value)s” does not. Copy it from the card."
            )
            % {"value": value[:30]}
        )


def check_name_has_letters(value: str) -> None:
    """Raise ValidationError when a name holds no letter at all (a number, a stray sign)."""
    if value and not any(ch.isalpha() for ch in value):
        raise ValidationError(_("A name must contain letters. Check what was typed."))


def check_personal_id(value: str, date_of_birth: dt.date | None, sex: str | None) -> None:
    """Raise ValidationError unless ``value`` is a well-formed 12-digit personal ID for this child.

    Structure (Nghị định 137/2015, Thông tư 59/2021/TT-BCA): 3 digits of province, 1 digit of
    century and sex, 2 digits of birth year, 6 random digits.
    """
    letters = [ch for ch in value if not ch.isdigit()]
    if letters:
        raise ValidationError(
            _(
                "A personal ID number has only digits; this one holds “%(char)s”. Check the "
                "number: the letter O is often typed for the digit 0."
            )
            % {"char": letters[0]}
        )
    if len(value) != 12:
        raise ValidationError(
            _("A personal ID number has exactly 12 digits; this one has %(n)d characters.")
            % {"n": len(value)}
        )
    if value[:3] not in ID_PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits (%(code)s) are not a province code. Check the number.")
            % {"code": value[:3]}
        )
    century_digit = int(value[3])
    if century_digit not in CENTURY_BASE:
        raise ValidationError(
            _("The fourth digit of the ID number is not valid. Check the number.")
        )
    if date_of_birth is not None:
        year = CENTURY_BASE[century_digit] + int(value[4:6])
        if year != date_of_birth.year:
            raise ValidationError(
                _(
                    "The ID number says the child was born in %(id_year)d but the date of birth "
                    "is in %(year)d. Check both."
                )
                % {"id_year": year, "year": date_of_birth.year}
            )
    if sex in {"male", "female"}:
        id_sex = "male" if century_digit % 2 == 0 else "female"
        if id_sex != sex:
            raise ValidationError(
                _(
                    "The ID number is that of a boy, but the child is recorded as a girl. "
                    "Check both."
                )
                if id_sex == "male"
                else _(
                    "The ID number is that of a girl, but the child is recorded as a boy. "
                    "Check both."
                )
            )


def check_date_of_birth(date_of_birth: dt.date, on: dt.date) -> None:
    """A child's date of birth cannot be in the future, nor 16 or more years before ``on``."""
    from baovetreem.registry.models import CHILD_AGE_LIMIT, age_on

    if date_of_birth > on:
        raise ValidationError(_("The date of birth is in the future. Check the year."))
    if age_on(date_of_birth, on) >= CHILD_AGE_LIMIT:
        raise ValidationError(
            _(
                "This person is already %(age)d years old: the register records children under "
                "16. Record them only if they were registered before turning 16."
            )
            % {"age": age_on(date_of_birth, on)}
        )
