"""Helpers of the hotline tests: a call as the console sends it."""

from __future__ import annotations

import datetime as dt

import pytest

from baovetreem.core.calendar import VIETNAM
from baovetreem.hotline import services
from baovetreem.hotline.models import Contact, TopicCategory


def at(day=dt.date(2026, 4, 29), hour=10, minute=0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


def topic(code: str) -> TopicCategory:
    return TopicCategory.objects.get(code=code)


def contact_data(location, **overrides) -> dict:
    data = {
        "received_at": at(),
        "duration_seconds": 270,
        "line": "111",
        "caller_type": "neighbour",
        "caller_sex": "female",
        "caller_age_band": "18+",
        "topic": topic("violence.physical"),
        "location": location,
        "summary": "Hàng xóm nghe tiếng trẻ khóc, bị đánh bằng roi.",
        "outcome": "counselling",
    }
    data.update(overrides)
    return data


def report_data(**overrides) -> dict:
    """The fields of form 01 that an operator adds to what the call already gives."""
    data = {
        "received_at": at(),
        "classification": "abused",
        "child_name": "Bé Na",
        "child_estimated_age": 8,
        "child_sex": "female",
        "what_happened": "Hàng xóm nghe tiếng trẻ khóc và bị đánh.",
        "suspected_relationship": "relative",
        "reporter_consent": False,
    }
    data.update(overrides)
    return data


def log(actor, location, **overrides) -> Contact:
    return services.log_contact(actor, contact_data(location, **overrides))


@pytest.fixture
def call(world):
    """A call to 111 about commune C1 (province P), logged by tongdai."""
    return log(world.tongdai, world.C1)
