"""Pagination that stays fast on a million rows: the total is counted only up to a cap."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows; ``count_is_capped`` says "more than" the cap."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        limited = self.object_list.order_by()[: self.cap + 1]
        return limited.count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.cap
