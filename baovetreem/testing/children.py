"""Synthetic children for tests (Faker vi_VN), attached to the persona world."""

from __future__ import annotations

import datetime as dt

from baovetreem.registry.models import Child


def make_child(village, full_name: str, born: dt.date, sex: str = "female", **extra) -> Child:
    """A child row created directly (no audit), for arranging a test."""
    child = Child(village=village, full_name=full_name, date_of_birth=born, sex=sex, **extra)
    child.save()
    return child
