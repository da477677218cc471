"""Which cases count as an emergency due soon: one rule for the home-page card and the case list.

It belongs on ``CaseQuerySet`` in ``cases/models.py``, next to ``open`` and ``overdue``
(``Case.objects.emergency_due_soon(now)``, with the condition as a module-level function for the
card's aggregate); it waits here while that module is being split into a package.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from baovetreem.cases.models import CaseQuerySet
from baovetreem.cases.services import EMERGENCY_HOURS

# Look as far ahead as the legal window: every emergency still pending and not yet late.
EMERGENCY_SOON = dt.timedelta(hours=EMERGENCY_HOURS)


def due_soon_condition(now: dt.datetime) -> Q:
    """Among open cases: an emergency intervention needed, not made, due in the next 12 hours."""
    return Q(
        emergency_needed=True,
        intervened_at__isnull=True,
        emergency_due_at__gte=now,
        emergency_due_at__lt=now + EMERGENCY_SOON,
    )


def emergency_due_soon(cases: CaseQuerySet, now: dt.datetime) -> CaseQuerySet:
    """The open cases of ``cases`` whose emergency intervention is due soon and not yet late."""
    return cases.open().filter(due_soon_condition(now))
