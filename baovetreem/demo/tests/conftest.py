import io

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The demo province's units and the whole demo world, seeded once for the test."""
    call_command("load_units", "--province", "56", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
