"""Ethnic groups as people write them: the one official group (GSO code) for each variant."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from baovetreem.core.text import normalize_name
from baovetreem.registry.reference import ETHNIC_ALIASES, ETHNIC_GROUP_NAMES

_NOT_LETTERS = re.compile(r"[^a-z0-9]")
_PREFIX = re.compile(r"^(dan toc|dt|nguoi)\s+")
CLOSEST_CUTOFF = 60  # below this, a name is not worth suggesting (rapidfuzz 0-100)


def ethnic_key(text: str) -> str:
    """A name with case, diacritics, hyphens, apostrophes and spaces taken out.

    "Ê-đê", "Ê Đê", "Êđê" and "Ede" all give "ede"; "H'Mông" and "Hmong" give "hmong".
    """
    name = _PREFIX.sub("", normalize_name(text))
    return _NOT_LETTERS.sub("", name)


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in ETHNIC_GROUP_NAMES.items():
        index[ethnic_key(name)] = code
    for code, aliases in ETHNIC_ALIASES.items():
        for alias in aliases:
            index.setdefault(ethnic_key(alias), code)
    return index


def ethnic_group_code(text: str) -> str | None:
    """The official code of the group ``text`` names (its name, a variant, or its code)."""
    text = (text or "").strip()
    if text.isdigit():
        code = text.zfill(2)
        return code if code in ETHNIC_GROUP_NAMES else None
    key = ethnic_key(text)
    return _index().get(key) if key else None


def closest_ethnic_groups(text: str, limit: int = 3) -> list[str]:
    """The official names closest to ``text``, best first (for the message of an unknown one)."""
    key = ethnic_key(text)
    if not key:
        return []
    index = _index()
    names: list[str] = []
    for found, _score, _position in process.extract(
        key, list(index), scorer=fuzz.ratio, score_cutoff=CLOSEST_CUTOFF, limit=None
    ):
        name = ETHNIC_GROUP_NAMES[index[found]]
        if name not in names:
            names.append(name)
        if len(names) >= limit:
            break
    return names
