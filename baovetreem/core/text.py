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
