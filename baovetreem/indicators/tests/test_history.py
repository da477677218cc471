"""The register's history as the registry services write it, read back at reference dates."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from baovetreem.indicators import periods, services
from baovetreem.registry import services as registry
from baovetreem.registry.models import ChildEvent, ChildStatus, EventKind
from baovetreem.testing.children import make_child

D = dt.date
TODAY = D(2026, 1, 20)
Q1 = periods.period(periods.QUARTER, 2025, 1)  # 15/12/2024 - 14/03/2025
Q2 = periods.period(periods.QUARTER, 2025, 2)  # 15/03/2025 - 14/06/2025


def count(user, unit, period):
    return services.values(user, unit, period, ["children"], today=TODAY)[0].value


@pytest.mark.django_db
def test_child_moved_by_the_service_counts_in_the_old_village_before_the_move(world):
    kid = make_child(world.V1a, "Lò Văn Mạnh", D(2018, 3, 3), "male")
    registry.move_child(world.xa1, kid, to=world.V2a, on=D(2025, 4, 1))
    assert (count(world.tinh, world.C1, Q1), count(world.tinh, world.C2, Q1)) == (1, 0)
    assert (count(world.tinh, world.C1, Q2), count(world.tinh, world.C2, Q2)) == (0, 1)


@pytest.mark.django_db
def test_child_who_died_counts_in_periods_before_the_death(world, monkeypatch):
    kid = make_child(world.V1a, "Lò Thị Hoa", D(2019, 3, 3))
    registry.set_status(world.xa1, kid, status=ChildStatus.DECEASED, on=D(2025, 4, 1))
    event = ChildEvent.objects.get(child=kid, kind=EventKind.STATUS)
    assert event.status == ChildStatus.DECEASED
    assert count(world.tinh, world.C1, Q1) == 1
    assert count(world.tinh, world.C1, Q2) == 0


@pytest.mark.django_db
def test_moved_away_then_moved_back_counts_only_while_living_here(world):
    kid = make_child(world.V1a, "Lò Văn Nam", D(2017, 1, 1), "male")
    registry.set_status(world.xa1, kid, status=ChildStatus.MOVED_AWAY, on=D(2025, 1, 10))
    registry.move_child(world.xa1, kid, to=world.V1b, on=D(2025, 5, 1))
    assert count(world.tinh, world.C1, Q1) == 0  # away on 14/3
    assert count(world.tinh, world.V1b, Q2) == 1  # back, in V1b, on 14/6


@pytest.mark.django_db
def test_backfill_gives_status_events_their_status_from_the_label(world):
    kid = make_child(world.V1a, "Lò Văn Tú", D(2016, 1, 1), "male")
    moved = ChildEvent.objects.create(child=kid, happened_on=D(2024, 1, 1), kind=EventKind.MOVED)
    died = ChildEvent.objects.create(
        child=kid, happened_on=D(2024, 2, 1), kind=EventKind.STATUS, description="Đã mất. Ghi chú"
    )
    odd = make_child(world.V1a, "Lò Văn Tư", D(2016, 1, 1), "male", status="aged_out")
    unknown = ChildEvent.objects.create(
        child=odd, happened_on=D(2024, 2, 1), kind=EventKind.STATUS, description="?"
    )
    migration = importlib.import_module("baovetreem.registry.migrations.0008_child_event_status")
    migration.backfill(apps, None)
    for event, expected in ((moved, "living"), (died, "deceased"), (unknown, "aged_out")):
        event.refresh_from_db()
        assert event.status == expected
