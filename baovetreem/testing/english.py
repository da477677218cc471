"""Find English left in pages rendered in Vietnamese.

The words to look for come from the catalogue itself: every word of an English msgid whose
Vietnamese translation differs, less every word that is also Vietnamese (found in a translation,
in a Vietnamese name or in a unit's name), so names, codes and words such as "Excel" or "API" that
the translations keep never count.
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sd]|\{[a-z_]*\}|<[^>]+>|&[a-z]+;")
WORD = re.compile(r"[^\W\d_]+")
# Attributes whose text a person reads or hears.
SPOKEN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Elements whose text is not interface text: scripts and raw data shown as it is stored.
SKIPPED_ELEMENTS = {"script", "style", "pre", "code"}


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text)}


@cache
def catalogue() -> dict[str, str]:
    """msgid → Vietnamese msgstr of the compiled project catalogue (plural forms joined)."""
    with CATALOGUE.open("rb") as handle:
        entries = gettext.GNUTranslations(handle)._catalog
    result: dict[str, str] = {}
    for key, value in entries.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            result[msgid] = (result.get(msgid, "") + " " + value).strip()
    return result


@cache
def vietnamese_words() -> frozenset[str]:
    """Words that are Vietnamese (or kept as they are) in the interface and in synthetic names."""
    from faker.providers.person.vi_VN import Provider

    known: set[str] = set()
    for translation in catalogue().values():
        known |= words(PLACEHOLDER.sub(" ", translation))
    for attribute in ("first_names_female", "first_names_male", "last_names", "middle_names"):
        for name in getattr(Provider, attribute, ()):
            known |= words(name)
    return frozenset(known)


@cache
def english_words() -> frozenset[str]:
    """Words of the English msgids that no Vietnamese text of the interface uses."""
    english: set[str] = set()
    for msgid, translation in catalogue().items():
        if translation and translation != msgid:
            english |= {
                w for w in words(PLACEHOLDER.sub(" ", msgid)) if len(w) >= 3 and w.isascii()
            }
    return frozenset(english - vietnamese_words())


class _ReadableText(HTMLParser):
    """The text of a page that a person reads: text nodes and spoken attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        # A language's own name on the language switch is marked with its language.
        if tag in SKIPPED_ELEMENTS or not (values.get("lang") or "vi").startswith("vi"):
            self.skipping.append(tag)
        if self.skipping:
            return
        for name in SPOKEN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        # Texts a script shows (data-busy) and the phone layout's column names (data-label).
        for name, value in values.items():
            if name.startswith("data-") and value and (name == "data-label" or " " in value):
                self.parts.append(value)
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    return " ".join(parts.strip() for parts in parser.parts if parts.strip())


# Not words of the interface: addresses, e-mail addresses and codes such as "underweight_under5".
NOT_PROSE = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+|\w*_\w*")


def english_left(html: str, also_vietnamese: set[str] = frozenset()) -> set[str]:
    """The English words a person would read on this page (``also_vietnamese``: the page's own
    names, e.g. the units of the database)."""
    text = NOT_PROSE.sub(" ", readable_text(html))
    return (words(text) & english_words()) - also_vietnamese
