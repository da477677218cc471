"""Finding the same child entered twice (hồ sơ trùng) across a commune or a province (merging
them is in ``registry.merge``).

The batch report never compares every child with every other one: it reads only four columns,
ordered by date of birth, one birth year at a time, and compares children inside small blocks
(same given name, same date of birth, ID numbers one digit apart). The work grows with the number
of children times the size of a block, not with its square; memory holds two birth years of
rows, a batch of candidate pairs (their carers are read only for them) and the ``limit`` best.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations, groupby
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from baovetreem.locations.models import Location
from baovetreem.registry.models import Carer, Child
from baovetreem.registry.search import name_score

NAME_CUTOFF = 85  # below this, two names are not "similar" (rapidfuzz 0-100)
SURNAME_CUTOFF = 80  # "Nguyễn" / "Nguyen" / "Ngyen" still count as one surname
CARER_CUTOFF = 90
COMMON_MIDDLE = {"thi", "van"}  # often left out when a name is written down
REPORT_THRESHOLD = 70  # the same bar as likely_duplicates() when a child is entered
CLOSE_BIRTH_DAYS = 31
CARER_BONUS = 30
CARER_PENALTY = 20
CARER_BATCH = 500  # ids per query when loading carers of candidate pairs
READ_CHUNK = 5000
CANDIDATE_BATCH = 50_000  # candidate pairs held before their carers are loaded and scored

# Reasons shown with a pair, translated when the report is shown (Vietnamese in the .po file).
REASONS = {
    "same_id": gettext_noop("same ID number"),
    "near_id": gettext_noop("ID numbers one digit apart"),
    "same_name": gettext_noop("same name"),
    "similar_name": gettext_noop("similar name"),
    "same_birth": gettext_noop("same date of birth"),
    "close_birth": gettext_noop("close date of birth"),
    "same_day_month": gettext_noop("same day and month of birth"),
    "same_carer": gettext_noop("same parent or carer"),
}


@dataclass
class DuplicatePair:
    """Two children of the register who may be one child, with a score 0-100 and the reasons."""

    a_id: int
    b_id: int
    score: int
    reasons: list[str]
    a: Child | None = field(default=None, repr=False)
    b: Child | None = field(default=None, repr=False)


class _Row(NamedTuple):
    """The four columns of a child that the comparison reads."""

    pk: int
    name: str
    born: dt.date
    personal_id: str | None


@dataclass(slots=True)
class _Evidence:
    """What two children have in common, before their carers are looked at."""

    name: float
    same_id: bool
    near_id: bool
    born_days: int
    same_day_month: bool


# --- the batch report ------------------------------------------------------------------------


def duplicate_pairs(
    user, root: Location | None = None, *, limit: int = 2000
) -> list[DuplicatePair]:
    """Likely duplicate pairs among the children ``user`` may view (under ``root``), best first."""
    best: list[tuple[int, int, int, list[str]]] = []  # min-heap of (score, -a_id, -b_id, reasons)
    found: dict[tuple[int, int], _Evidence] = {}
    previous_year: int | None = None
    previous_by_given: dict[str, list[_Row]] = {}
    for year, rows in groupby(_scoped_rows(user, root), key=lambda row: row.born.year):
        chunk = list(rows)
        by_given = _by_given_name(chunk)
        earlier = previous_by_given if previous_year == year - 1 else {}
        _compare_birth_year(chunk, by_given, earlier, found)
        previous_year, previous_by_given = year, by_given
        if len(found) >= CANDIDATE_BATCH:
            _keep_best(best, _scored(found), limit)
            found = {}
    _keep_best(best, _scored(found), limit)
    best.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    return [
        DuplicatePair(-a_id, -b_id, score, [_(REASONS[key]) for key in reasons])
        for score, a_id, b_id, reasons in best
    ]


def _scored(found: dict[tuple[int, int], _Evidence]) -> Iterator[tuple[int, int, int, list[str]]]:
    """Score the candidate pairs once their carers are known; yield those worth reporting."""
    carers = _carer_names({pk for key in found for pk in key})
    for (a_id, b_id), evidence in found.items():
        match = _carers_match(carers.get(a_id, []), carers.get(b_id, []))
        score, reasons = _score(evidence, match)
        if _qualifies(evidence, score):
            yield min(score, 100), a_id, b_id, reasons


def _keep_best(
    best: list[tuple[int, int, int, list[str]]],
    scored: Iterable[tuple[int, int, int, list[str]]],
    limit: int,
) -> None:
    """Keep in the heap ``best`` only the ``limit`` best pairs (memory stays bounded)."""
    for score, a_id, b_id, reasons in scored:
        item = (score, -a_id, -b_id, reasons)
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item[:3] > best[0][:3]:
            heapq.heapreplace(best, item)


def attach_children(user, pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """Load both children of each pair (scoped, with village and carers) in a constant number
    of queries; pairs whose child has meanwhile left the scope are dropped."""
    ids = {pk for pair in pairs for pk in (pair.a_id, pair.b_id)}
    children = {
        child.pk: child
        for child in Child.objects.restrict(user, "view")
        .filter(pk__in=ids)
        .select_related("village", "village__parent")
        .prefetch_related("carers")
    }
    kept = []
    for pair in pairs:
        pair.a, pair.b = children.get(pair.a_id), children.get(pair.b_id)
        if pair.a is not None and pair.b is not None:
            kept.append(pair)
    return kept


def _scoped_rows(user, root: Location | None) -> Iterator[_Row]:
    """The four columns the comparison needs, streamed in birth-date order."""
    children = Child.objects.restrict(user, "view").filter(merged_into__isnull=True)
    if root is not None:
        children = children.filter(scope_path__startswith=root.path)
    rows = children.order_by("date_of_birth", "pk").values_list(
        "pk", "name_normalized", "date_of_birth", "personal_id"
    )
    for row in rows.iterator(chunk_size=READ_CHUNK):
        yield _Row(*row)


def _given_name(name: str) -> str:
    """The last word of a normalised name ("nguyen van an" → "an")."""
    return name.rsplit(" ", 1)[-1]


def _surname(name: str) -> str:
    """The first word of a normalised name ("nguyen van an" → "nguyen")."""
    return name.split(" ", 1)[0]


def _by_given_name(rows: list[_Row]) -> dict[str, list[_Row]]:
    """The rows grouped by given name: the blocks of the first pass."""
    blocks: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        blocks[_given_name(row.name)].append(row)
    return blocks


def _compare_birth_year(
    chunk: list[_Row],
    by_given: dict[str, list[_Row]],
    earlier_by_given: dict[str, list[_Row]],
    found: dict[tuple[int, int], _Evidence],
) -> None:
    """Run the three blocking passes over the children born in one year (``chunk``)."""
    seen: set[tuple[int, int]] = set()

    def consider(a: _Row, b: _Row) -> None:
        """Weigh a pair once; keep it when a shared carer could still make it a duplicate."""
        key = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
        if key in seen:
            return
        seen.add(key)
        evidence = _evidence(a, b)
        if evidence is not None and _could_qualify(evidence):
            found[key] = evidence

    # 1. Same given name, same birth year (or the year before: a mistyped year).
    for given, block in by_given.items():
        for a, b in _similar_within(block, NAME_CUTOFF):
            consider(a, b)
        for a, b in _similar_across(block, earlier_by_given.get(given, []), NAME_CUTOFF):
            consider(a, b)
    # 2. Same date of birth and a similar surname: catches a mistyped given name ("An"/"Ann").
    for _born, rows in groupby(chunk, key=lambda row: row.born):
        block = list(rows)
        if len(block) < 2:
            continue
        for a, b in _similar_within(block, NAME_CUTOFF):
            if fuzz.ratio(_surname(a.name), _surname(b.name)) >= SURNAME_CUTOFF:
                consider(a, b)
    # 3. The same ID number, or one a typing slip away (one digit wrong, two digits swapped).
    for a, b in _close_personal_ids(chunk):
        consider(a, b)


def _similar_within(block: list[_Row], cutoff: float) -> Iterator[tuple[_Row, _Row]]:
    """Pairs of ``block`` whose names score at least ``cutoff`` (the loop runs in rapidfuzz)."""
    names = [row.name for row in block]
    for i in range(len(block) - 1):
        matches = process.extract(
            names[i], names[i + 1 :], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        for _match, _score_value, j in matches:
            yield block[i], block[i + 1 + j]


def _similar_across(
    block: list[_Row], others: list[_Row], cutoff: float
) -> Iterator[tuple[_Row, _Row]]:
    """Pairs (one of ``block``, one of ``others``) whose names score at least ``cutoff``."""
    if not others:
        return
    names = [row.name for row in others]
    for row in block:
        matches = process.extract(
            row.name, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        for _match, _score_value, j in matches:
            yield row, others[j]


def _close_personal_ids(rows: list[_Row]) -> Iterator[tuple[_Row, _Row]]:
    """Pairs whose ID numbers are equal, differ in one digit, or have two neighbours swapped.

    Two such numbers are equal once the same two neighbouring digits are dropped from both, so
    eleven passes of a dictionary find them all without comparing every pair.
    """
    with_id = [row for row in rows if row.personal_id]
    exact: dict[str, list[_Row]] = defaultdict(list)
    for row in with_id:
        exact[row.personal_id].append(row)
    for block in exact.values():
        yield from combinations(block, 2)
    width = max((len(row.personal_id) for row in with_id), default=0)
    for i in range(width - 1):
        buckets: dict[str, list[_Row]] = defaultdict(list)
        for row in with_id:
            pid = row.personal_id
            buckets[pid[:i] + pid[i + 2 :]].append(row)
        for block in buckets.values():
            if len(block) > 1:
                for a, b in combinations(block, 2):
                    if _ids_near(a.personal_id, b.personal_id):
                        yield a, b


def _ids_near(a: str, b: str) -> bool:
    """One digit differs, or two neighbouring digits are swapped (not equal: that is the same)."""
    if len(a) != len(b) or a == b:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _given_names_close(a: str, b: str) -> bool:
    """Given names equal or one keystroke apart: a letter added, dropped, changed or two
    neighbours swapped ("An"/"Ann", "Hoa"/"Hao"); "Tùng" and "Phương" are two children."""
    x, y = _given_name(a), _given_name(b)
    return x == y or OSA.distance(x, y, score_cutoff=1) <= 1


def _middle_names_close(a: str, b: str) -> bool:
    """Middle names that may belong to one child: one keystroke apart, or one left out or
    shortened ("Thị" dropped, "Mai Bảo" written "Bảo"); "Tuấn" and "Thành" may not."""
    x, y = a.split()[1:-1], b.split()[1:-1]
    x = [word for word in x if word not in COMMON_MIDDLE] or x
    y = [word for word in y if word not in COMMON_MIDDLE] or y
    if not x or not y or set(x) <= set(y) or set(y) <= set(x):
        return True
    return OSA.distance(" ".join(x), " ".join(y), score_cutoff=1) <= 1


def _evidence(a: _Row, b: _Row) -> _Evidence | None:
    """What two rows have in common; None when two different ID numbers prove two children."""
    same_id = near_id = False
    if a.personal_id and b.personal_id:
        same_id = a.personal_id == b.personal_id
        near_id = _ids_near(a.personal_id, b.personal_id)
        if not (same_id or near_id):
            return None
    name = name_score(a.name, b.name)
    if not _given_names_close(a.name, b.name):
        # The given name tells Vietnamese children apart: "Ngọc Tùng" is not "Ngọc Phương".
        name = min(name, 50)
    elif not _middle_names_close(a.name, b.name):
        name = min(name, NAME_CUTOFF - 1)
    return _Evidence(
        name=name,
        same_id=same_id,
        near_id=near_id,
        born_days=abs((a.born - b.born).days),
        same_day_month=(a.born.month, a.born.day) == (b.born.month, b.born.day),
    )


def _score(evidence: _Evidence, carers_match: bool | None) -> tuple[int, list[str]]:
    """Score (before capping at 100) and the keys of its reasons (see ``REASONS``);
    ``carers_match`` is None when not both children have carers recorded."""
    score = 0
    reasons: list[str] = []
    if evidence.same_id:
        score += 100
        reasons.append("same_id")
    elif evidence.near_id:
        score += 50
        reasons.append("near_id")
    if evidence.name >= NAME_CUTOFF:
        score += int(evidence.name) - 40
        reasons.append("same_name" if evidence.name >= 100 else "similar_name")
    if evidence.born_days == 0:
        score += 40
        reasons.append("same_birth")
    elif evidence.born_days <= CLOSE_BIRTH_DAYS:
        score += 20
        reasons.append("close_birth")
    elif evidence.same_day_month:
        score += 15
        reasons.append("same_day_month")
    if carers_match is True:
        score += CARER_BONUS
        reasons.append("same_carer")
    elif carers_match is False:
        score -= CARER_PENALTY
    return score, reasons


def _qualifies(evidence: _Evidence, score: int) -> bool:
    """Reported when the score is high enough and the names (or the ID numbers) agree."""
    if score < REPORT_THRESHOLD:
        return False
    return (
        evidence.same_id
        or evidence.name >= NAME_CUTOFF
        or (evidence.near_id and evidence.name >= 60)
    )


def _could_qualify(evidence: _Evidence) -> bool:
    """Whether a shared carer could still lift this pair into the report (worth loading)."""
    return _qualifies(evidence, _score(evidence, True)[0])


def _carer_names(child_ids: Iterable[int]) -> dict[int, list[str]]:
    """Normalised carer names of the given children only, a few hundred ids per query."""
    ids = sorted(child_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), CARER_BATCH):
        rows = Carer.objects.filter(child_id__in=ids[start : start + CARER_BATCH]).values_list(
            "child_id", "name_normalized"
        )
        for child_id, name in rows:
            names[child_id].append(name)
    return names


def _carers_match(a: list[str], b: list[str]) -> bool | None:
    """True when a carer's name matches, False when both lists are known and none matches."""
    if not a or not b:
        return None
    return any(name_score(x, y) >= CARER_CUTOFF for x in a for y in b)


# --- the merge -------------------------------------------------------------------------------
