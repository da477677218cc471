"""The register search box of the intake and case pages, always within the user's own area
(``search_children`` is scoped). What the box shows (its results, and the likely duplicates of
the provisional child shown beside it) is a read of the register: one audit event each time."""

from __future__ import annotations

from collections.abc import Callable

from baovetreem.audit.reads import read_found
from baovetreem.registry.models import Child
from baovetreem.registry.search import (
    Candidate,
    candidate_children,
    explain_matches,
    search_children,
)

SEARCH_LIMIT = 10
SEARCH_MIN_LENGTH = 2


def register_search(
    user, query: str, *, duplicates: Callable[[], list[Candidate]] | None = None
) -> dict:
    """The register search box's context for ``query`` (intake and case pages): up to
    SEARCH_LIMIT children of the user's register, whether more match, whether it is too short,
    and the ``duplicates()`` hints; what is shown is recorded as one read (a typed search even
    when it found nobody, automatic hints only when they show someone)."""

    def search() -> tuple[list[Child], list[Candidate]]:
        found = []
        if len(query) >= SEARCH_MIN_LENGTH:
            found = list(
                search_children(user, query)
                .select_related("village", "village__parent")
                .prefetch_related("carers")
                .order_by("name_normalized", "date_of_birth", "pk")[: SEARCH_LIMIT + 1]
            )
        return found, duplicates() if duplicates else []

    found, hints = read_found(
        user,
        search,
        model=Child,
        filters={"q": query},
        shown=lambda result: [*result[0][:SEARCH_LIMIT], *candidate_children(result[1])],
        # More than SEARCH_LIMIT matches is recorded as SEARCH_LIMIT + 1 ("more than shown").
        total=lambda result: len(result[0]) + len(result[1]),
        record_empty=len(query) >= SEARCH_MIN_LENGTH,
        note="register search",
    )
    explain_matches(found[:SEARCH_LIMIT], query)  # "matches a carer's name: …"
    return {
        "query": query,
        "results": found[:SEARCH_LIMIT],
        "more": len(found) > SEARCH_LIMIT,
        "too_short": 0 < len(query) < SEARCH_MIN_LENGTH,
        "duplicates": hints,
    }


def chosen_child(user, value) -> Child | None:
    """The child chosen in the intake picker (``value``: its id as typed), with its village and
    carers, or None; shown on the form, so recorded as a read of the register."""
    if not value or not str(value).isdigit():
        return None
    found = read_found(
        user,
        lambda: list(
            Child.objects.restrict(user, "view")
            .select_related("village", "village__parent")
            .prefetch_related("carers")
            .filter(pk=value)
        ),
        model=Child,
        filters={"child": value},
        note="chosen at intake",
    )
    return found[0] if found else None
