"""Rows of an imported register that are children already in it (a register imported again).

A row is "already in the register" when a child the importer may see has the same normalised
name, date of birth and village; it is "likely the same" as a child by the rule of the add-child
form (``registry.search.likely_duplicates``): a name at least 85 alike and, beside it, the same
or a close date of birth or the same parent or carer. Children outside the importer's scope are
never compared, so no row says anything about them. The work is a few queries per batch of
rows, never one per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from baovetreem.imports.base import RowMatch
from baovetreem.registry.models import Carer, Child
from baovetreem.registry.search import name_score

NAME_CUTOFF = 85  # as likely_duplicates: below this, two names are not alike
CLOSE_BIRTH_DAYS = 31
THRESHOLD = 70
GIVEN_NAMES_PER_QUERY = 100
IDS_PER_QUERY = 2000


@dataclass(frozen=True)
class RowIdentity:
    """What a row says of the child: enough to find it in the register."""

    row: int
    name: str  # normalised
    born: dt.date
    village_id: int
    carers: tuple[str, ...] = ()  # normalised names of the parents and carers


def _given(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _born_text(child: Child) -> str:
    return formats.date_format(child.date_of_birth, "SHORT_DATE_FORMAT")


def _describe(child: Child, exact: bool, reasons: list[str]) -> str:
    place = child.village.name if child.village_id else ""
    if exact:
        return _("Already in the register: %(name)s, born %(born)s, %(place)s.") % {
            "name": child.full_name,
            "born": _born_text(child),
            "place": place,
        }
    return _("Likely the same child as %(name)s, born %(born)s, %(place)s (%(reasons)s).") % {
        "name": child.full_name,
        "born": _born_text(child),
        "place": place,
        "reasons": ", ".join(reasons),
    }


def _likely(row: RowIdentity, child: Child, carers: list[str]) -> tuple[int, list[str]] | None:
    """The likely-duplicate score of a row and a child, as ``likely_duplicates`` weighs it."""
    similarity = name_score(row.name, child.name_normalized)
    if similarity < NAME_CUTOFF:
        return None
    score = int(similarity) - 40
    reasons = [_("similar name") if similarity < 100 else _("same name")]
    days = abs((child.date_of_birth - row.born).days)
    if days == 0:
        score += 40
        reasons.append(_("same date of birth"))
    elif days <= CLOSE_BIRTH_DAYS:
        score += 20
        reasons.append(_("close date of birth"))
    if row.carers and any(name_score(a, b) >= 90 for a in row.carers for b in carers):
        score += 30
        reasons.append(_("same parent or carer"))
    return (score, reasons) if score >= THRESHOLD else None


def find_matches(actor, rows: list[RowIdentity]) -> dict[int, tuple[Child, RowMatch]]:
    """Row number → (the child it matches, the match as the user is told), best match first."""
    if not rows:
        return {}
    scope = Child.objects.restrict(actor, "view").select_related("village")
    found: dict[int, tuple[Child, RowMatch]] = {}
    # 1. The same child: same normalised name, date of birth and village.
    names = sorted({row.name for row in rows})
    same: dict[tuple[str, dt.date, int], Child] = {}
    for start in range(0, len(names), IDS_PER_QUERY):
        for child in scope.filter(name_normalized__in=names[start : start + IDS_PER_QUERY]):
            same.setdefault((child.name_normalized, child.date_of_birth, child.village_id), child)
    rest = []
    for row in rows:
        child = same.get((row.name, row.born, row.village_id))
        if child is None:
            rest.append(row)
        else:
            found[row.row] = (child, RowMatch(row.row, child.pk, True, _describe(child, True, [])))
    if not rest:
        return found
    # 2. Likely the same: children of the same given name (where alike names meet).
    givens = sorted({_given(row.name) for row in rest})
    candidates: dict[str, list[Child]] = defaultdict(list)
    for start in range(0, len(givens), GIVEN_NAMES_PER_QUERY):
        chunk = givens[start : start + GIVEN_NAMES_PER_QUERY]
        pattern = r"(^| )(" + "|".join(re.escape(given) for given in chunk) + r")$"
        for child in scope.filter(name_normalized__regex=pattern):
            candidates[_given(child.name_normalized)].append(child)
    carers: dict[int, list[str]] = defaultdict(list)
    ids = sorted({child.pk for children in candidates.values() for child in children})
    for start in range(0, len(ids), IDS_PER_QUERY):
        for child_id, name in Carer.objects.filter(
            child_id__in=ids[start : start + IDS_PER_QUERY]
        ).values_list("child_id", "name_normalized"):
            carers[child_id].append(name)
    for row in rest:
        best: tuple[int, int, Child, list[str]] | None = None
        for child in candidates.get(_given(row.name), []):
            weighed = _likely(row, child, carers.get(child.pk, []))
            if weighed and (best is None or (weighed[0], -child.pk) > (best[0], best[1])):
                best = (weighed[0], -child.pk, child, weighed[1])
        if best is not None:
            child = best[2]
            found[row.row] = (
                child,
                RowMatch(row.row, child.pk, False, _describe(child, False, best[3])),
            )
    return found
