"""Periods and their data windows, targets with inheritance, and what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.indicators import periods, services
from baovetreem.indicators.models import Target
from baovetreem.indicators.targets import set_target, target_for
from baovetreem.indicators.tests import stories as s

D = dt.date
TODAY = D(2025, 12, 20)
S1 = periods.period(periods.SIX_MONTH, 2025, 1)


def test_official_windows_run_from_the_fifteenth_to_the_fourteenth():
    assert (S1.start, S1.end) == (D(2024, 12, 15), D(2025, 6, 14))
    s2 = periods.period(periods.SIX_MONTH, 2025, 2)
    assert (s2.start, s2.end) == (D(2025, 6, 15), D(2025, 12, 14))
    year = periods.period(periods.YEAR, 2025)
    assert (year.start, year.end, year.reference_date) == (
        D(2024, 12, 15),
        D(2025, 12, 14),
        D(2025, 12, 14),
    )
    q1 = periods.period(periods.QUARTER, 2025, 1)
    assert (q1.start, q1.end) == (D(2024, 12, 15), D(2025, 3, 14))
    march = periods.period(periods.MONTH, 2024, 2)
    assert (march.start, march.end) == (D(2024, 2, 1), D(2024, 2, 29))


def test_closing_day_is_configurable_per_report_type(settings):
    calendar_half = periods.period(periods.SIX_MONTH, 2025, 1, closing_day=None)
    assert (calendar_half.start, calendar_half.end) == (D(2025, 1, 1), D(2025, 6, 30))
    settings.INDICATOR_CLOSING_DAYS = {"month": 14}
    month = periods.period(periods.MONTH, 2025, 3)
    assert (month.start, month.end) == (D(2025, 2, 15), D(2025, 3, 14))


def test_fourteenth_and_fifteenth_of_june_fall_in_different_halves():
    assert periods.containing(periods.SIX_MONTH, D(2025, 6, 14)) == S1
    assert periods.containing(periods.SIX_MONTH, D(2025, 6, 15)).key == "2025-S2/14"
    assert periods.containing(periods.SIX_MONTH, D(2025, 12, 15)).key == "2026-S1/14"


def test_period_keys_read_back():
    for p in (S1, periods.period(periods.MONTH, 2025, 3), periods.period(periods.YEAR, 2024)):
        assert periods.parse(p.key) == p
    custom = periods.custom(D(2025, 1, 1), D(2025, 1, 31), today=TODAY)
    assert periods.parse(custom.key) == custom


def test_recent_periods_are_the_last_ended_ones():
    found = periods.recent(periods.SIX_MONTH, 3, today=D(2025, 6, 20))
    assert [p.key for p in found] == ["2024-S1/14", "2024-S2/14", "2025-S1/14"]


def test_a_period_ending_before_it_starts_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        periods.custom(D(2025, 3, 1), D(2025, 2, 1), today=TODAY)
    assert "ngày kết thúc trước ngày bắt đầu" in refused.value.messages[0]


def test_a_reference_date_in_the_future_is_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as refused:
        services.values(world.tinh, world.P, periods.period(periods.YEAR, 2026), today=TODAY)
    assert "chưa đến" in refused.value.messages[0] and "14/12/2026" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_commune_without_its_own_target_inherits_the_provinces(world):
    province = set_target(
        None,
        indicator="special_pct",
        location=world.P,
        valid_from=D(2021, 1, 1),
        valid_until=D(2030, 12, 31),
        value=4,
        plan_number="224/KH-UBND",
        plan_date=D(2021, 3, 1),
    )
    assert target_for("special_pct", world.V1a, S1) == province
    own = set_target(
        None,
        indicator="special_pct",
        location=world.C2,
        valid_from=D(2025, 1, 1),
        value=3,
        plan_number="15/KH-UBND",
    )
    assert target_for("special_pct", world.V2a, S1) == own
    assert target_for("special_pct", world.V3a, S1) is None  # another province
    assert province.comparison == "lt"  # lower is better


@pytest.mark.django_db
def test_figures_carry_target_gap_and_status(world):
    for _ in range(3):
        s.child(world.V1a, D(2018, 1, 1))
    kid = s.child(world.V1a, D(2018, 1, 1))
    s.member(kid, "d", D(2024, 1, 1))
    set_target(None, indicator="special_pct", location=world.P, valid_from=D(2021, 1, 1),
               value=4, plan_number="224/KH-UBND")  # fmt: skip
    set_target(None, indicator="children", location=world.C1, valid_from=D(2021, 1, 1),
               value=Decimal("4.2"), plan_number="1/KH-UBND", comparison="ge")  # fmt: skip
    found = {
        f.code: f
        for f in services.values(world.xa1, world.C1, S1, ["special_pct", "children"], today=TODAY)
    }
    special = found["special_pct"]
    assert (special.value, special.target, special.gap, special.status) == (
        Decimal("25.00"),
        Decimal("4.00"),
        Decimal("21.00"),
        "far",
    )
    assert special.target_plan == "224/KH-UBND"
    assert (found["children"].status, found["children"].gap) == ("close", Decimal("-0.20"))


@pytest.mark.django_db
def test_a_percentage_target_outside_0_to_100_is_refused_and_nothing_stored(world):
    with pytest.raises(ValidationError) as refused:
        set_target(
            world.tinh,
            indicator="insured_under6_pct",
            location=world.P,
            valid_from=D(2025, 1, 1),
            value=101,
            plan_number="224/KH-UBND",
        )
    assert "từ 0 đến 100" in refused.value.message_dict["value"][0]
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_a_target_period_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        set_target(
            world.tinh,
            indicator="insured_under6_pct",
            location=world.P,
            valid_from=D(2025, 1, 1),
            valid_until=D(2024, 1, 1),
            value=100,
            plan_number="224/KH-UBND",
        )
    assert "kết thúc trước ngày bắt đầu" in refused.value.message_dict["valid_until"][0]


@pytest.mark.django_db
def test_commune_officer_cannot_set_a_target_for_another_commune(world):
    with pytest.raises(PermissionDenied):
        set_target(
            world.xa1,
            indicator="special_pct",
            location=world.C2,
            valid_from=D(2025, 1, 1),
            value=4,
            plan_number="1/KH-UBND",
        )
