"""Shared pytest fixtures: the persona world and a logged-in client per persona."""

import pytest
from django.test import Client


@pytest.fixture
def world(db):
    from baovetreem.testing.personas import build_world

    return build_world()


@pytest.fixture
def client_for(world):
    """client_for("xa1") → a test client signed in as that persona."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return make


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "vi"
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


pytest_plugins = ["baovetreem.testing.browser"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def kids(world):
    """A few children: two in V1a, one in V1b (all xa1's commune), one in V2a, one in V3a."""
    import datetime as dt

    from baovetreem.testing.children import make_child

    return {
        "an": make_child(world.V1a, "Nguyễn Văn An", dt.date(2019, 5, 4), "male"),
        "dung": make_child(world.V1a, "Trần Thị Dũng", dt.date(2021, 2, 10)),
        "hoa": make_child(world.V1b, "Lê Thị Hoa", dt.date(2015, 9, 1)),
        "binh": make_child(world.V2a, "Phạm Văn Bình", dt.date(2018, 1, 20), "male"),
        "cuc": make_child(world.V3a, "Đỗ Thị Cúc", dt.date(2016, 7, 7)),
    }


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """Rolled-back tests delete calendar rows without signals: start each test uncached."""
    from baovetreem.core.calendar import clear_cache

    clear_cache()
    yield
    clear_cache()
