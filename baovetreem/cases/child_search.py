"""The register search box of the intake and case pages, always within the user's own area
(``search_children`` is scoped). Searching is not an opening of a child's record, so it is not
audited; linking a child is, with the case."""

from __future__ import annotations

from baovetreem.registry.search import search_children

SEARCH_LIMIT = 10
SEARCH_MIN_LENGTH = 2


def register_search(user, query: str) -> dict:
    """The register search box's context for ``query`` (intake and case pages): up to
    SEARCH_LIMIT children of the user's register, whether more match, whether it is too short."""
    found = []
    if len(query) >= SEARCH_MIN_LENGTH:
        found = list(
            search_children(user, query)
            .select_related("village", "village__parent")
            .prefetch_related("carers")
            .order_by("name_normalized", "date_of_birth", "pk")[: SEARCH_LIMIT + 1]
        )
    return {
        "query": query,
        "results": found[:SEARCH_LIMIT],
        "more": len(found) > SEARCH_LIMIT,
        "too_short": 0 < len(query) < SEARCH_MIN_LENGTH,
    }
