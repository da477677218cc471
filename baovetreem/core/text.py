"""The one Vietnamese name normaliser, shared by search, duplicate detection and imports."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_name(value: str | None) -> str:
    """Lowercase, strip diacritics (NFD, drop combining marks, đ→d) and collapse spaces.

    "  Nguyễn   Văn  ĐỨC " → "nguyen van duc". Works the same on composed (NFC) and
    decomposed (NFD) input, which is what Excel files from different machines contain.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def clean_text(value: str | None) -> str:
    """Compose Unicode (NFC) and collapse stray spaces of free text typed by people."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


# Characters nobody types in a name or a note: control characters (a bell, a form feed, NUL),
# format characters (zero-width spaces, direction marks, a stray byte-order mark) and lone
# surrogates. One of them in a name breaks the commune's export and the printed Word forms.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs"}
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_INLINE_SPACES = re.compile(r"[^\S\n]+")
# A column without a length of its own (notes): about ten pages of typing.
LONG_TEXT_MAX_LENGTH = 20_000


def _refused_character(text: str) -> tuple[int, str] | None:
    for index, ch in enumerate(text):
        if ch in "\t\n\r":
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return index, ch
    return None


def clean_entered_text(
    value: object, *, max_length: int | None = None, multiline: bool = False
) -> str:
    """Text typed or imported into the register, cleaned the one way every path uses.

    Unicode composed (NFC), trimmed, runs of spaces collapsed to one (line breaks kept, one
    space wide each, only when ``multiline``); control and invisible format characters are
    refused, and so is text longer than ``max_length`` once cleaned. Raises ``ValidationError``
    with a sentence saying what to fix; never truncates.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    refused = _refused_character(text)
    if refused is not None:
        index, ch = refused
        before = _SPACES.sub(" ", text[max(0, index - 20) : index]).strip()
        raise ValidationError(
            _(
                "The text holds an invisible control character (U+%(code)04X) after "
                "“%(before)s”. Delete it or type the text again instead of pasting it."
            )
            % {"code": ord(ch), "before": before}
            if before
            else _(
                "The text begins with an invisible control character (U+%(code)04X). Delete "
                "it or type the text again instead of pasting it."
            )
            % {"code": ord(ch)},
            code="control_character",
        )
    if multiline:
        lines = [_INLINE_SPACES.sub(" ", line).strip() for line in _LINE_BREAKS.split(text)]
        text = "\n".join(lines).strip("\n")
    else:
        text = _SPACES.sub(" ", text).strip()
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _(
                "This text has %(length)d characters; at most %(max)d fit. Shorten it "
                "(for example, leave out what belongs in the notes)."
            )
            % {"length": len(text), "max": max_length},
            code="max_length",
        )
    return text


def clean_text_fields(model, data: dict, names=None) -> tuple[dict, dict[str, list[str]]]:
    """``clean_entered_text`` over the text columns of ``model`` present in ``data``.

    Each column's length comes from the model (``LONG_TEXT_MAX_LENGTH`` for a text column
    without one); a ``TextField`` keeps its line breaks. Returns the cleaned data and the
    problems by field name, so that a service reports all of them at once.
    """
    from django.core.exceptions import FieldDoesNotExist, ValidationError
    from django.db import models

    cleaned, errors = dict(data), {}
    for name in names if names is not None else list(data):
        if name not in data or data[name] is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # not a column: the caller's own key
            continue
        if field.choices or not isinstance(field, models.CharField | models.TextField):
            continue
        multiline = isinstance(field, models.TextField)
        try:
            cleaned[name] = clean_entered_text(
                data[name],
                max_length=field.max_length or LONG_TEXT_MAX_LENGTH,
                multiline=multiline,
            )
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    return cleaned, errors
