"""Reference data that migrations seed, put back for tests that run after a database flush.

Browser tests run on a live server with a transactional database, which is emptied after each
test; the next test would otherwise miss the groups, the working calendar, the hotline topics
and the roles that every real database has.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def _migration(name: str):
    return importlib.import_module(name)


def ensure_reference_data() -> None:
    """Re-run the seeding migrations whose tables are empty (idempotent, a few queries)."""
    from baovetreem.accounts.models import Role
    from baovetreem.accounts.roles import sync_roles
    from baovetreem.core.models import CalendarDay
    from baovetreem.hotline.models import TopicCategory
    from baovetreem.registry import seed as registry_seed
    from baovetreem.registry.models import Group

    if not Role.objects.exists():
        sync_roles()
    if not Group.objects.exists():
        registry_seed.load(apps)
    if not CalendarDay.objects.exists():
        _migration("baovetreem.core.migrations.0002_seed_calendar_days").seed(apps, None)
    if not TopicCategory.objects.exists():
        _migration("baovetreem.hotline.migrations.0002_seed_topics").seed(apps, None)
