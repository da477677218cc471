"""Input types bounded as the database stores them, so nothing unchecked reaches a query.

``column(Model, "field")`` is the one place where an API input takes its rules from the model:
the Python type, the column's ``max_length``, its choices, the integer range every supported
database accepts (the portable ranges, not SQLite's looser ones), and ``None`` only where the
column is nullable, so a required text cannot be cleared with ``null``. Dates stay within
``core.calendar.FIRST_DATE``..``LAST_DATE``, where date arithmetic (a day later, an age, a
deadline) cannot overflow; text holds no NUL character, which PostgreSQL cannot store.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from baovetreem.core.calendar import FIRST_DATE, LAST_DATE, is_supported_date

# The ranges Django documents for every backend: PostgreSQL enforces them, SQLite does not.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
ID_MAX = INTEGER_RANGES["BigAutoField"][1]
# A text column without a length of its own (a narrative, notes): about ten pages of typing.
LONG_TEXT_MAX_LENGTH = 20_000


def _date_in_range(value: dt.date) -> dt.date:
    if not is_supported_date(value):
        raise PydanticCustomError(
            "date_out_of_range",
            "Date must lie between {first} and {last}",
            {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
        )
    return value


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; Django's forms refuse it for the same reason.
    if "\x00" in value:
        raise PydanticCustomError("null_character", "Text must not contain null characters")
    return value


def _no_nul_inside(value: Any) -> Any:
    if isinstance(value, str):
        return _no_nul(value)
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key)
            _no_nul_inside(item)
    elif isinstance(value, list):
        for item in value:
            _no_nul_inside(item)
    return value


Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A form's fields as a JSON object (workflow steps): the service validates each field.
JsonObject = Annotated[dict[str, Any], AfterValidator(_no_nul_inside)]
Date = Annotated[dt.date, AfterValidator(_date_in_range)]
DateTime = Annotated[dt.datetime, AfterValidator(_date_in_range)]


def _text(field: models.Field, choices: bool) -> Any:
    if field.choices and choices:
        values = [str(value) for value, _label in field.flatchoices]
        if field.blank and "" not in values:
            values.append("")
        return Literal[tuple(values)]
    return bounded_text(field.max_length or LONG_TEXT_MAX_LENGTH)


def _composed(value: Any) -> Any:
    # Counted as stored: a name sent in decomposed Unicode (NFD) is longer than it will be.
    # The service then cleans it the one way (core.text.clean_entered_text).
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def bounded_text(max_length: int) -> Any:
    """Text of at most ``max_length`` characters once composed (NFC), without NUL."""
    # The before-validator wraps the string schema, which keeps its own length check.
    return Annotated[
        str, Field(max_length=max_length), BeforeValidator(_composed), AfterValidator(_no_nul)
    ]


# Search words: as long as the longest name column.
SearchText = bounded_text(150)


def _integer(field: models.Field) -> Any:
    low, high = INTEGER_RANGES[field.get_internal_type()]
    if isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField):
        low = 1
    return Annotated[int, Field(ge=low, le=high)]


def column(model: type[models.Model], name: str, *, choices: bool = True) -> Any:
    """The input type of ``model.name``: its type, length, choices and range; ``| None`` only
    where the column is nullable. A foreign key takes its target's id.

    ``choices=False`` keeps only the length, where the service checks the value itself and
    must answer in its own words (``full_clean`` messages, one refusal for every step).
    """
    field = model._meta.get_field(name)
    if field.is_relation:
        field = field.target_field
        kind = _integer(field)
    elif isinstance(field, models.BooleanField):
        kind = bool
    elif isinstance(field, models.DateTimeField):
        kind = DateTime
    elif isinstance(field, models.DateField):
        kind = Date
    elif isinstance(field, models.IntegerField):
        kind = _integer(field)
    elif isinstance(field, models.CharField | models.TextField):
        kind = _text(field, choices)
    else:
        raise TypeError(f"no API input type for {model.__name__}.{name} ({type(field).__name__})")
    null = model._meta.get_field(name).null
    return kind | None if null else kind
