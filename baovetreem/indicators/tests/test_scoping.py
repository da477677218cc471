"""Who sees which figures, and which records are behind a count for whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from baovetreem.indicators import periods, services
from baovetreem.indicators.tests import stories as s
from baovetreem.indicators.tests.stories import D, local

TODAY = dt.date(2025, 12, 20)
S1 = periods.period(periods.SIX_MONTH, 2025, 1)


@pytest.fixture
def special(world):
    kids = {
        "v1a": s.child(world.V1a, D(2018, 1, 1)),
        "v1b": s.child(world.V1b, D(2017, 1, 1)),
        "c2": s.child(world.V2a, D(2016, 1, 1)),
    }
    for kid in kids.values():
        s.member(kid, "d", D(2024, 1, 1))
    s.child(world.V1a, D(2019, 1, 1))  # not in a group
    return kids


def test_commune_officer_sees_only_their_communes_figures(world, special):
    assert services.values(world.xa1, world.C1, S1, ["children_special"], today=TODAY)[0].value == 2
    with pytest.raises(PermissionDenied):
        services.values(world.xa1, world.C2, S1, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.values(world.xa1, world.P, S1, today=TODAY)


@pytest.mark.parametrize("persona", ["ctv1", "canbo", "tongdai", "kiemtra"])
def test_roles_without_the_figures_right_see_no_figures(world, special, persona):
    with pytest.raises(PermissionDenied):
        services.values(getattr(world, persona), world.C1, S1, today=TODAY)


def test_supervisor_sees_their_communes_figures(world, special):
    figure = services.values(world.giamsat, world.C1, S1, ["children"], today=TODAY)[0]
    assert figure.value == 3


def test_provincial_officer_drills_down_to_every_commune(world, special):
    rows = services.child_units(world.tinh, world.P, S1, ["children_special"], today=TODAY)
    assert {unit.name: figures[0].value for unit, figures in rows} == {
        world.C1.name: 2,
        world.C2.name: 1,
    }


def test_provincial_officer_without_register_rights_gets_counts_never_names(world, special):
    assert services.values(world.tinh, world.P, S1, ["children_special"], today=TODAY)[0].value == 3
    assert list(services.children_behind(world.tinh, world.P, S1, "children_special")) == []


def test_children_behind_a_count_are_those_the_user_may_open(world, special):
    behind = services.children_behind(world.xa1, world.C1, S1, "special_pct")
    assert set(behind) == {special["v1a"], special["v1b"]}
    denominator = services.children_behind(
        world.xa1, world.C1, S1, "special_pct", part="denominator"
    )
    assert denominator.count() == 3
    with pytest.raises(PermissionDenied):  # a collaborator has no figures right at all
        services.children_behind(world.ctv1, world.V1a, S1, "special_pct")


def test_cases_behind_a_count_follow_the_case_rules(world):
    case = s.case(world.V1a, world.xa1, local(2025, 3, 3, 10), emergency=True)
    assert list(services.cases_behind(world.xa1, world.C1, S1, "cases_received")) == [case]
    assert list(services.cases_behind(world.tinh, world.P, S1, "cases_received")) == []
    assert services.values(world.tinh, world.P, S1, ["cases_received"], today=TODAY)[0].value == 1


def test_published_figures_suppress_small_counts(world, special, settings):
    settings.SMALL_COUNT_THRESHOLD = 5
    figure = services.values(
        world.tinh, world.P, S1, ["children_special"], published=True, today=TODAY
    )[0]
    assert (figure.value, figure.numerator, figure.suppressed) == (None, None, True)
    settings.SMALL_COUNT_THRESHOLD = 3
    shown = services.values(
        world.tinh, world.P, S1, ["children_special"], published=True, today=TODAY
    )[0]
    assert (shown.value, shown.suppressed) == (3, False)


def test_drill_down_from_facts_matches_each_units_own_figures_in_few_queries(
    world, special, django_assert_max_num_queries
):
    from baovetreem.indicators import facts
    from baovetreem.indicators.targets import set_target

    set_target(None, indicator="special_pct", location=world.P, valid_from=D(2021, 1, 1),
               value=4, plan_number="224/KH-UBND")  # fmt: skip
    facts.rebuild(today=TODAY)
    s.child(world.V2a, D(2015, 5, 5))  # waiting to be counted: C2 is stale, C1 is not
    world.tinh.scope_paths("indicators.view_indicatorvalue")  # the grants, read once
    with django_assert_max_num_queries(8):
        rows = services.child_units(world.tinh, world.P, S1, today=TODAY)
    for unit, figures in rows:
        own = services.values(world.tinh, unit, S1, today=TODAY)
        assert [(f.code, f.value, f.target, f.status) for f in figures] == [
            (f.code, f.value, f.target, f.status) for f in own
        ]
    stale = {unit.name: figures[0].stale for unit, figures in rows}
    assert stale == {world.C1.name: False, world.C2.name: True}
