"""The fact table: marked in the change's transaction, recounted only where marked, never
half-written, and always equal to counting the raw rows."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from faker import Faker

from baovetreem.indicators import definitions, facts, periods, services
from baovetreem.indicators.compute import Scope, compute
from baovetreem.indicators.models import DirtyMark, FactState, IndicatorValue
from baovetreem.indicators.tests import stories as s
from baovetreem.indicators.tests.stories import D, local
from baovetreem.registry.models import Child, GroupMembership, Support

TODAY = dt.date(2025, 12, 20)
S1 = periods.period(periods.SIX_MONTH, 2025, 1)


@pytest.fixture(autouse=True)
def _small_fact_table(settings):
    settings.INDICATOR_PRECOMPUTE_KINDS = ["quarter", "six_month", "year"]
    settings.INDICATOR_PRECOMPUTE_YEARS = 1


def children_of(world, unit, period=S1):
    return services.values(world.tinh, unit, period, ["children"], today=TODAY)[0]


def states(unit_ids=None):
    rows = FactState.objects.all()
    if unit_ids is not None:
        rows = rows.filter(location_id__in=unit_ids)
    return dict(((r.location_id, r.period), r.refreshed_at) for r in rows)


@pytest.mark.django_db
def test_a_support_marks_the_childs_village_from_its_date_in_the_same_transaction(world):
    kid = s.child(world.V1a, D(2018, 1, 1))
    DirtyMark.objects.all().delete()
    s.support(kid, D(2025, 3, 1))
    assert list(DirtyMark.objects.values_list("location_id", "since")) == [
        (world.V1a.pk, D(2025, 3, 1))
    ]


@pytest.mark.django_db
def test_a_move_marks_both_villages_and_every_village_the_child_lived_in(world):
    kid = s.child(world.V1b, D(2018, 1, 1))
    s.moved(kid, world.V1b, world.V2a, D(2025, 2, 1))
    DirtyMark.objects.all().delete()
    s.moved(kid, world.V2a, world.V3a, D(2025, 5, 1))
    marked = set(DirtyMark.objects.values_list("location_id", flat=True))
    assert marked == {world.V1b.pk, world.V2a.pk, world.V3a.pk}


@pytest.mark.django_db
def test_refresh_recounts_only_the_marked_village_and_the_periods_from_the_change(world):
    kid = s.child(world.V1a, D(2018, 1, 1))
    s.child(world.V2a, D(2018, 1, 1))
    facts.rebuild(today=TODAY)
    before = states()
    s.support(kid, D(2025, 7, 1))
    result = facts.refresh(today=TODAY)
    after = states()
    changed = {cell for cell in after if after[cell] != before[cell]}
    expected = {
        (world.V1a.pk, p.key) for p in periods.precomputed(today=TODAY) if p.end >= D(2025, 7, 1)
    }
    assert changed == expected and result.units == 1
    assert not DirtyMark.objects.exists()


@pytest.mark.django_db
def test_figures_follow_a_change_after_the_refresh_and_say_they_are_stale_before(world):
    s.child(world.V1a, D(2018, 1, 1))
    facts.rebuild(today=TODAY)
    s.child(world.V1a, D(2019, 1, 1))
    waiting = children_of(world, world.C1)
    assert (waiting.value, waiting.stale) == (1, True)
    facts.refresh(today=TODAY)
    fresh = children_of(world, world.C1)
    assert (fresh.value, fresh.stale) == (2, False)
    assert fresh.refreshed_at is not None


@pytest.mark.django_db
def test_a_refresh_failing_midway_keeps_the_old_figures_marked_stale(world, monkeypatch):
    s.child(world.V1a, D(2018, 1, 1))
    facts.rebuild(today=TODAY)
    rows_before = list(IndicatorValue.objects.order_by("pk").values())
    s.child(world.V1a, D(2019, 1, 1))

    def broken(*args, **kwargs):  # the old rows are deleted, then writing the states fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(FactState.objects, "bulk_create", broken)
    result = facts.refresh(today=TODAY)
    assert result.failed == [world.V1a.pk]
    assert list(IndicatorValue.objects.order_by("pk").values()) == rows_before
    figure = children_of(world, world.C1)
    assert (figure.value, figure.stale) == (1, True)
    assert DirtyMark.objects.filter(location=world.V1a, attempts=1).exists()
    monkeypatch.undo()
    facts.refresh(today=TODAY)
    figure = children_of(world, world.C1)
    assert (figure.value, figure.stale) == (2, False)


@pytest.mark.django_db
def test_rebuild_of_one_province_leaves_the_other_alone(world):
    s.child(world.V1a, D(2018, 1, 1))
    s.child(world.V3a, D(2018, 1, 1))
    facts.rebuild(today=TODAY)
    other = states([world.V3a.pk])
    facts.rebuild(unit=world.P, today=TODAY)
    assert states([world.V3a.pk]) == other


@pytest.mark.django_db
def test_a_period_that_has_just_ended_is_built_by_the_next_refresh(world):
    s.child(world.V1a, D(2018, 1, 1))
    facts.rebuild(today=D(2025, 6, 13))
    assert S1.key not in set(FactState.objects.values_list("period", flat=True))
    result = facts.refresh(today=D(2025, 6, 14))
    assert S1.key in result.periods_built
    assert children_of(world, world.C1).refreshed_at is not None


# ---------------------------------------------------------------------------------------------
# Facts against raw rows on random data


def _raw(unit, p):
    totals = defaultdict(lambda: [0, 0])
    for (_loc, _period, code, breakdown, key), (n, d) in compute(
        Scope(path=unit.path), [p]
    ).items():
        totals[(code, breakdown, key)][0] += n
        totals[(code, breakdown, key)][1] += d
    return {k: tuple(v) for k, v in totals.items()}


def _from_facts(unit, p):
    codes = [i.code for i in definitions.computable()]
    names = {name for i in definitions.computable() for name in i.breakdown_names()}
    found = {}
    for breakdown in names:
        for (code, key), numbers in facts.rolled_up(unit.path, p.key, codes, breakdown).items():
            found[(code, breakdown, key)] = numbers
    return found


def _random_register(world, rng: random.Random, fake: Faker, n: int) -> list[Child]:
    villages = [world.V1a, world.V1b, world.V2a, world.V3a]
    codes = ["a", "d", "e", "l", "a2", "r_poor", "r_divorced"]
    kids = []
    for _ in range(n):
        born = D(2009, 1, 1) + dt.timedelta(days=rng.randrange(0, 16 * 365 + 200))
        kid = s.child(
            rng.choice(villages),
            born,
            rng.choice(["male", "female"]),
            name=fake.name(),
            ethnicity=rng.choice(["01", "01", "02", "05"]),
            insurance_number=rng.choice(["", "HS1"]),
            insurance_valid_until=rng.choice([None, D(2025, 3, 14), D(2025, 12, 31)]),
            birth_registered_on=born + dt.timedelta(days=rng.randrange(0, 120)),
        )
        kids.append(kid)
        for _ in range(rng.randrange(0, 3)):
            start = D(2024, 6, 1) + dt.timedelta(days=rng.randrange(0, 500))
            end = rng.choice([None, start + dt.timedelta(days=rng.randrange(0, 200))])
            s.member(kid, rng.choice(codes), start, end)
        for _ in range(rng.randrange(0, 3)):
            on = D(2024, 12, 1) + dt.timedelta(days=rng.randrange(0, 380))
            s.support(kid, on, rng.choice(["social_allowance", "legal_aid", "in_kind"]))
        if rng.random() < 0.4:
            on = D(2024, 12, 1) + dt.timedelta(days=rng.randrange(0, 380))
            s.measure(kid, on, *(rng.uniform(-3.5, 1) for _ in range(3)))
        if rng.random() < 0.15:
            target = rng.choice([v for v in villages if v.pk != kid.village_id])
            s.moved(kid, kid.village, target, D(2025, 1, 1) + dt.timedelta(rng.randrange(300)))
        if rng.random() < 0.08:
            s.status(kid, rng.choice(["deceased", "moved_away"]), D(2025, rng.randrange(1, 12), 1))
    for _ in range(n // 3):
        at = local(2024, 12, 10) + dt.timedelta(hours=rng.randrange(0, 24 * 370))
        s.case(
            rng.choice(villages),
            world.xa1,
            at,
            channel=rng.choice(["hotline_111", "school", "police"]),
            emergency=rng.random() < 0.5,
            intervened_at=at + dt.timedelta(hours=rng.choice([3, 12, 13])),
            approved_at=rng.choice([None, at + dt.timedelta(days=rng.randrange(1, 12))]),
        )
        s.call(rng.choice([world.C1, world.C2, world.P]), world.tongdai, at)
    return kids


def _mutations(world, rng: random.Random, kids: list[Child]):
    """Changes of every kind the marks must follow, one at a time, made after the build."""
    villages = [world.V1a, world.V1b, world.V2a, world.V3a]
    movers = [k for k in kids if k.events.filter(kind="moved").exists()]
    for kid in movers[:3]:  # dated rows of a child who moved change the old village's past
        yield lambda kid=kid: s.member(kid, "e", D(2024, 12, 16))
        yield lambda kid=kid: s.support(kid, D(2024, 12, 16), "legal_aid")
        yield lambda kid=kid: s.measure(kid, D(2024, 12, 17), -3, -3, -3)

    def change(kid, choice):
        kid.refresh_from_db()
        if choice == 0:
            kid.date_of_birth = kid.date_of_birth + dt.timedelta(days=rng.randrange(-900, 900))
            kid.save()
        elif choice == 1:
            kid.sex = "male" if kid.sex == "female" else "female"
            kid.save()
        elif choice == 2:
            target = rng.choice([v for v in villages if v.pk != kid.village_id])
            s.moved(kid, kid.village, target, D(2025, rng.randrange(1, 12), 10))
        elif choice == 3:
            membership = GroupMembership.objects.filter(child=kid).first()
            if membership is not None:
                membership.end_date = max(membership.start_date, D(2025, 2, 1))
                membership.save()
        elif choice == 4:
            Support.objects.filter(child=kid).delete()
        elif choice == 5:
            s.status(kid, "deceased", D(2025, 2, 2))
        else:  # a correction of the village, without a move
            kid.village = rng.choice([v for v in villages if v.pk != kid.village_id])
            kid.save()

    settled = [k for k in kids if k not in movers]

    def correct_village(kid):  # a correction of the village, without a move
        kid.refresh_from_db()
        kid.village = next(v for v in villages if v.pk != kid.village_id)
        kid.save()

    def born_later(kid):  # a birth date corrected past a reference date
        kid.refresh_from_db()
        kid.date_of_birth = D(2025, 4, 1)
        kid.save()

    yield lambda: correct_village(settled[0])
    yield lambda: born_later(settled[1])
    for kid in rng.sample(kids, 6):
        choice = rng.randrange(7)
        yield lambda kid=kid, choice=choice: change(kid, choice)
    yield lambda: s.case(world.V2a, world.xa1, local(2025, 5, 5, 9), emergency=True)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [11, 2026])
def test_facts_equal_raw_counts_on_random_data_after_incremental_refresh(world, seed):
    rng = random.Random(seed)
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    kids = _random_register(world, rng, fake, 40)
    facts.rebuild(today=TODAY)
    kept = {p.key for p in periods.precomputed(today=TODAY)}
    chosen = [
        periods.period(periods.QUARTER, 2025, 1),
        periods.period(periods.QUARTER, 2025, 3),
        S1,
        periods.period(periods.YEAR, 2025),
    ]
    assert all(p.key in kept for p in chosen)
    villages = [world.V1a, world.V1b, world.V2a, world.V3a]
    checked = 0
    for change in _mutations(world, rng, kids):
        change()
        facts.refresh(today=TODAY)
        assert not DirtyMark.objects.exists()
        for p in chosen:
            for unit in villages:
                raw = _raw(unit, p)
                assert _from_facts(unit, p) == raw, (unit.name, p.key)
                checked += len(raw)
    for p in chosen:  # and the roll-ups up the tree
        for unit in (world.C1, world.P, world.Q):
            assert _from_facts(unit, p) == _raw(unit, p), (unit.name, p.key)
    assert checked > 2000  # the data reached many cells
