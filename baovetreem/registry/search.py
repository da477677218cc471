"""Finding children: diacritic-insensitive search and likely duplicates, always scoped."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from rapidfuzz import fuzz

from baovetreem.core.tabular import parse_date
from baovetreem.core.text import normalize_name
from baovetreem.registry.models import Child
from baovetreem.registry.validators import clean_personal_id

_DATE_LIKE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")


def search_children(user, query: str, action: str = "view") -> QuerySet[Child]:
    """Children in ``user``'s scope matching ``query``.

    A 12-digit number finds the personal ID, a dd/mm/yyyy text the date of birth, a 4-digit
    year the birth year; anything else is looked up, with or without diacritics ("dung" finds
    Dũng and Dụng), in the names of the child, its carers and its head of household. Several
    words must each begin a word of one person's name, together, apart or in any order
    ("van an", "nguyen an" and "an nguyen" all find "Nguyễn Văn An").
    """
    children = Child.objects.restrict(user, action).alias(search_text_lower=Lower("search_text"))
    text = (query or "").strip()
    if not text:
        return children
    digits = clean_personal_id(text) or ""
    if digits.isdigit() and len(digits) == 12:
        return children.filter(personal_id=digits)
    if _DATE_LIKE.match(text):
        try:
            return children.filter(date_of_birth=parse_date(text))
        except ValueError:
            return children.none()
    if text.isdigit() and len(text) == 4:
        return children.filter(date_of_birth__year=int(text))
    phrase = normalize_name(text)
    words = phrase.split()
    field = _search_field(user)
    if field == "search_text" and len(words) >= 3 and _on_postgresql():
        few = _few_by_person_name(children, phrase)
        if few is not None:
            return few
    if len(words) == 1:
        return children.filter(**{f"{field}__contains": phrase})
    # Not the phrase as typed: "nguyen an" finds "Nguyễn Văn An" also when "Nguyễn An Khang"
    # holds the phrase.
    return children.filter(_name_q(field, phrase))


MAX_PERMUTED_WORDS = 3  # 3! = 6 orders in one pattern; longer queries are checked word by word


def _name_q(column: str, phrase: str, *, one_name: bool = False) -> Q:
    """Each word of ``phrase`` (two or more) begins a word of one person's name in ``column``
    (``one_name``: a column holding one person's name; else names separated by " | "), in any
    order.

    Over several names, up to three words, one pattern lists every order: it keeps the words
    inside one name, and the trigram index serves it on PostgreSQL about as well as it served
    the plain phrase. In one person's name, or past three words (24 orders and more, far slower
    to match), each word is tested on its own, which the index serves better still; past three
    words over several names, the words may then come from different names of one child.
    """
    words = phrase.split()
    counts = Counter(words)
    unique = sorted(counts, key=len, reverse=True)  # the longest rejects most rows first
    each_word = Q()
    for word in unique:
        each_word &= Q(**{f"{column}__contains": word})
    if one_name or len(words) > MAX_PERMUTED_WORDS:
        condition = Q()
        for word in unique:
            # A word typed twice ("mai mai") begins two words of the name (PostgreSQL allows
            # at most 255 repeats in a pattern; no name repeats a word five times).
            repeats = min(counts[word], 5) - 1
            again = f"([^|]* {re.escape(word)}){{{repeats}}}" if repeats else ""
            condition &= Q(**{f"{column}__regex": f"(^| ){re.escape(word)}{again}"})
        return condition if one_name else each_word & condition
    every_order = Q(**{f"{column}__regex": _every_order(words)})
    # Where rows are read one by one (SQLite, which runs the pattern in Python, and the
    # commune-sized scan of the lower-cased text) plain text tests first drop most of them;
    # before PostgreSQL's trigram index they would only mislead the planner's estimate.
    if _on_postgresql() and column != "search_text_lower":
        return every_order
    return each_word & every_order


def _every_order(words: list[str]) -> str:
    """A pattern finding ``words`` at word starts, in any order, within one name of several
    separated by " | " (no "|" between them)."""
    escaped = [re.escape(word) for word in words]
    orders = {"(^| )" + "[^|]* ".join(order) for order in itertools.permutations(escaped)}
    return "|".join(sorted(orders))


def name_matches(name: str, phrase: str) -> bool:
    """Whether one person's normalised ``name`` is found by the normalised ``phrase``, by the
    rule of ``search_children``: one word inside the name; several, each beginning a word."""
    words, parts = phrase.split(), name.split()
    if len(words) < 2:
        return phrase in name
    if len(words) > MAX_PERMUTED_WORDS:
        counts = Counter(words)
        return all(sum(p.startswith(w) for p in parts) >= counts[w] for w in counts)
    return any(
        all(part.startswith(word) for part, word in zip(chosen, words, strict=True))
        for chosen in itertools.permutations(parts, len(words))
    )


def explain_matches(children: list[Child], query: str) -> None:
    """Set ``match_reason`` on each of ``children`` found by ``query``: empty when the child's
    own name matches, else which carer's or head of household's name did (two queries at
    most, one when the carers were prefetched)."""
    from django.utils.translation import gettext as _

    from baovetreem.registry.models import Carer, Household

    phrase = normalize_name(query)
    for child in children:
        child.match_reason = ""
    text = (query or "").strip()
    if not phrase or _DATE_LIKE.match(text) or text.isdigit() or not children:
        return
    others = [child for child in children if not name_matches(child.name_normalized, phrase)]
    if not others:
        return
    carers: dict[int, list[Carer]] = {}
    if all("carers" in getattr(c, "_prefetched_objects_cache", {}) for c in others):
        carers = {child.pk: list(child.carers.all()) for child in others}
    else:
        for carer in Carer.objects.filter(child__in=others).order_by("pk"):
            carers.setdefault(carer.child_id, []).append(carer)
    heads = Household.objects.filter(pk__in={c.household_id for c in others if c.household_id})
    head_of = {household.pk: household for household in heads.only("head_name")}
    for child in others:
        carer = next(
            (c for c in carers.get(child.pk, []) if name_matches(c.name_normalized, phrase)),
            None,
        )
        household = head_of.get(child.household_id)
        if carer is not None:
            child.match_reason = _("matches a carer's name: %(name)s") % {"name": carer.full_name}
        elif household and name_matches(normalize_name(household.head_name), phrase):
            child.match_reason = _("matches the household head's name: %(name)s") % {
                "name": household.head_name
            }


# A full name ("nguyen van an", three words or more) matches few children even over a
# province, but the planner, believing them spread over the register, may walk the name
# order looking for them while they all sit under one surname (seconds at 1,000,000
# children). They are found by each person's own name instead and sorted from their ids.
FEW_MATCHES = 3000


def _few_by_person_name(children: QuerySet[Child], phrase: str) -> QuerySet[Child] | None:
    """Children (of ``children``) one of whose people is named with the words of ``phrase``
    (``_name_q``), or None when none or more than FEW_MATCHES are (the usual plan then serves
    them)."""
    from baovetreem.registry.models import Carer, Household

    # Each person's own name has its trigram index; the carers' and heads' matches are read
    # first (bounded) so the planner fetches their children by id.
    carers = Carer.objects.filter(_name_q("name_normalized", phrase, one_name=True))
    heads = Household.objects.filter(_name_q("head_name_normalized", phrase, one_name=True))
    carers, heads = carers.values_list("child_id"), heads.values_list("pk")
    carer_children = [pk for (pk,) in carers.order_by()[: FEW_MATCHES + 1]]
    households = [pk for (pk,) in heads.order_by()[: FEW_MATCHES + 1]]
    if len(carer_children) > FEW_MATCHES or len(households) > FEW_MATCHES:
        return None
    sources = [children.filter(_name_q("name_normalized", phrase, one_name=True))]
    if carer_children:
        sources.append(children.filter(pk__in=carer_children))
    if households:
        sources.append(children.filter(household__in=households))
    found: dict[int, str] = {}
    for source in sources:
        rows = source.order_by().values_list("pk", "name_normalized")[: FEW_MATCHES + 1]
        found.update(rows)
        if len(found) > FEW_MATCHES:
            return None
    if not found:
        return None  # the usual search finds nobody either, through its own plan
    # Both lists are exact; together they show the planner how few rows there are, so it
    # fetches them by id and sorts them instead of walking the register in name order.
    return children.filter(pk__in=list(found), name_normalized__in=set(found.values()))


SMALL_SCOPE_DEPTH = 2  # a commune ("/p/c/") or a village: a few thousand children at most


def _on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _search_field(user) -> str:
    """Which expression to match: the indexed column, or the same text through a no-op LOWER().

    On PostgreSQL the trigram index pays off over a province; inside one commune it is slower
    than reading the commune's rows through the scope index, but the planner cannot know the
    scope is small. LOWER() of the (already lower-case) text hides the trigram index, so the
    scope index is used. Other databases get the plain column.
    """
    if not _on_postgresql() or user.is_superuser:
        return "search_text"
    paths = user.scope_paths("registry.view_child")
    if paths and all(path.count("/") - 1 >= SMALL_SCOPE_DEPTH for path in paths):
        return "search_text_lower"
    return "search_text"


@dataclass
class Candidate:
    child: Child
    score: int
    reasons: list[str]


def name_score(a: str, b: str) -> float:
    """How alike two normalised names are (0-100), words in any order."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def likely_duplicates(
    user,
    *,
    full_name: str,
    date_of_birth: dt.date | None,
    carer_names: list[str] | None = None,
    personal_id: str | None = None,
    exclude_pk: int | None = None,
    limit: int = 8,
    name_alone: bool = False,
) -> list[Candidate]:
    """Children in scope who may be the one being entered: same ID, or a close name with a
    close date of birth (or the same day and month a year apart: a year typed wrong), or a
    close name with the same carer. With ``name_alone`` (hints while the form is typed) a close
    name is enough while no date of birth is given yet."""
    from django.utils.translation import gettext as _

    # The hint partials show each candidate's village and commune and its carers.
    scope = (
        Child.objects.restrict(user, "view")
        .select_related("village", "village__parent")
        .prefetch_related("carers")
    )
    if exclude_pk:
        scope = scope.exclude(pk=exclude_pk)
    name = normalize_name(full_name)
    carers = [normalize_name(c) for c in carer_names or [] if c]
    condition = Q()
    if personal_id:
        condition |= Q(personal_id=clean_personal_id(personal_id))
    if date_of_birth:
        window = dt.timedelta(days=62)
        condition |= Q(date_of_birth__range=(date_of_birth - window, date_of_birth + window))
        condition |= Q(date_of_birth__in=_a_year_apart(date_of_birth))
    given = name.split()[-1] if name else ""
    if given:
        # Same given name anywhere in scope catches a wrong year of birth.
        condition |= Q(name_normalized__endswith=f" {given}") | Q(name_normalized=given)
    if not condition:
        return []
    found: list[Candidate] = []
    for child in scope.filter(condition)[:500]:
        reasons: list[str] = []
        score = 0
        if personal_id and child.personal_id == clean_personal_id(personal_id):
            score += 100
            reasons.append(_("same ID number"))
        similarity = name_score(name, child.name_normalized)
        if similarity >= 85:
            score += int(similarity) - 40
            reasons.append(_("similar name") if similarity < 100 else _("same name"))
        if date_of_birth:
            days = abs((child.date_of_birth - date_of_birth).days)
            if days == 0:
                score += 40
                reasons.append(_("same date of birth"))
            elif days <= 31:
                score += 20
                reasons.append(_("close date of birth"))
            elif child.date_of_birth in _a_year_apart(date_of_birth):
                score += 25
                reasons.append(_("same day and month of birth, a year apart"))
        child_carers = [c.name_normalized for c in child.carers.all()]
        if carers and any(name_score(a, b) >= 90 for a in carers for b in child_carers):
            score += 30
            reasons.append(_("same parent or carer"))
        undated = name_alone and not date_of_birth and similarity >= 85
        if (score >= 70 or undated) and (similarity >= 85 or score >= 100):
            found.append(Candidate(child, score, reasons))
    found.sort(key=lambda c: -c.score)
    return found[:limit]


def _a_year_apart(day: dt.date) -> list[dt.date]:
    """The same day and month one year before and after ``day`` (29/2 has none)."""
    days = []
    for year in (day.year - 1, day.year + 1):
        try:
            days.append(day.replace(year=year))
        except ValueError:
            continue
    return days


def candidate_children(found: list[Candidate]) -> list[Child]:
    """The children of likely-duplicate candidates, as shown (for the read's audit event)."""
    return [candidate.child for candidate in found]
