"""The refresh runs in the task worker, queued once per committed change."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from baovetreem.imports.tests.helpers import run_worker
from baovetreem.indicators import facts, periods, services
from baovetreem.indicators.models import DirtyMark
from baovetreem.indicators.tests import stories as s
from baovetreem.indicators.tests.stories import D


@pytest.fixture
def _one_kind(settings):
    settings.INDICATOR_PRECOMPUTE_KINDS = ["year"]
    settings.INDICATOR_PRECOMPUTE_YEARS = 1


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_queues_one_refresh_that_the_worker_runs(world, _one_kind):
    from django_tasks_db.models import DBTaskResult

    year = periods.recent(periods.YEAR, 1)[0]
    s.child(world.V1a, D(2018, 1, 1))
    facts.rebuild()
    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        kid = s.child(world.V1a, D(2019, 1, 1))
        s.member(kid, "d", D(2020, 1, 1))
        s.support(kid, year.end)
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not DirtyMark.objects.exists()
    figure = services.values(world.tinh, world.C1, year, ["children", "children_special"])
    assert [(f.value, f.stale) for f in figure] == [(2, False), (1, False)]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_nothing_and_marks_nothing(world, _one_kind):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    DirtyMark.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        s.child(world.V1a, D(2019, 1, 1))
        raise RuntimeError("refused")
    assert not DBTaskResult.objects.exists() and not DirtyMark.objects.exists()


@pytest.mark.django_db
def test_rebuild_command_recounts_one_province(world, _one_kind):
    s.child(world.V1a, D(2018, 1, 1))
    out = io.StringIO()
    call_command("rebuild_indicators", "--province", world.P.code, stdout=out)
    assert "Đã tính lại" in out.getvalue()
    year = periods.recent(periods.YEAR, 1)[0]
    figure = services.values(world.tinh, world.P, year, ["children"])[0]
    assert figure.refreshed_at is not None and figure.value == 1
