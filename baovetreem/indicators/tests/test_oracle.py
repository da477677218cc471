"""Every shipped indicator against numbers worked out by hand from a small register.

The story is told for the six-month period 2025 S1 (15/12/2024 - 14/06/2025, reference date
14/06/2025) in the persona world: commune C1 (villages V1a, V1b) and C2 (V2a) of province P.
Each test runs twice: counted straight from the raw rows, and read from the fact table after a
rebuild; both must give the hand-worked numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baovetreem.indicators import facts, periods, services
from baovetreem.indicators.tests import stories as s
from baovetreem.indicators.tests.stories import D, local

TODAY = dt.date(2025, 12, 20)
S1 = periods.period(periods.SIX_MONTH, 2025, 1)
S2 = periods.period(periods.SIX_MONTH, 2025, 2)


@pytest.fixture
def story(world):
    w = world
    k = {}
    # --- V1a ---------------------------------------------------------------------------------
    k["an"] = s.child(w.V1a, D(2019, 5, 4), "male")  # 6 on D
    s.member(k["an"], "d", D(2024, 1, 1))
    s.support(k["an"], D(2025, 3, 1))
    k["dung"] = s.child(
        w.V1a,
        D(2021, 2, 10),
        insurance_number="HS4010000000001",
        insurance_valid_until=D(2025, 12, 31),
    )
    s.measure(k["dung"], D(2025, 1, 10), waz=-1.0, haz=-2.5, whz=-0.5)
    s.measure(k["dung"], D(2025, 5, 1), waz=-2.5, haz=-1.0, whz=-2.1)  # the latest one counts
    k["sixteen_on_d"] = s.child(w.V1a, D(2009, 6, 14), "male")  # 16 on D: no longer a child
    s.member(k["sixteen_on_d"], "d", D(2020, 1, 1))
    k["fifteen"] = s.child(w.V1a, D(2009, 6, 15), "male", ethnicity="02")
    k["died_on_d"] = s.child(w.V1a, D(2018, 1, 1))
    s.status(k["died_on_d"], "deceased", D(2025, 6, 14))
    k["died_after"] = s.child(w.V1a, D(2018, 2, 2))
    s.status(k["died_after"], "deceased", D(2025, 6, 15))
    k["arrived_on_d"] = s.child(w.V1b, D(2017, 3, 3), "male")
    s.moved(k["arrived_on_d"], w.V1b, w.V1a, D(2025, 6, 14))
    k["added_late"] = s.child(w.V1a, D(2015, 1, 1))  # entered in the register in 2026
    k["changed_groups"] = s.child(w.V1a, D(2012, 12, 12), "male")
    s.member(k["changed_groups"], "l", D(2024, 5, 1), D(2025, 6, 13))
    s.member(k["changed_groups"], "e", D(2025, 6, 14))
    s.support(k["changed_groups"], D(2025, 6, 14), "legal_aid")
    k["ends_on_d"] = s.child(w.V1a, D(2013, 3, 3))
    s.member(k["ends_on_d"], "a1", D(2024, 1, 1), D(2025, 6, 14))  # sub-group of a
    s.support(k["ends_on_d"], D(2025, 6, 15))  # 15/6: next window
    s.support(k["ends_on_d"], D(2024, 12, 14))  # 14/12: previous window
    k["born_after_d"] = s.child(w.V1a, D(2025, 6, 15))
    k["birth_on_time"] = s.child(w.V1a, D(2025, 3, 1), birth_registered_on=D(2025, 4, 30))
    k["birth_late"] = s.child(w.V1a, D(2025, 1, 1), "male", birth_registered_on=D(2025, 3, 3))
    k["deadline_later"] = s.child(w.V1a, D(2025, 4, 20))
    k["card_expired"] = s.child(
        w.V1a, D(2022, 1, 1), "male", insurance_number="X1", insurance_valid_until=D(2025, 6, 13)
    )
    k["card_until_d"] = s.child(
        w.V1a, D(2022, 2, 2), insurance_number="X2", insurance_valid_until=D(2025, 6, 14)
    )
    k["at_risk"] = s.child(w.V1a, D(2016, 6, 6))
    s.member(k["at_risk"], "r_poor", D(2025, 1, 1))
    # --- V1b and C2 ----------------------------------------------------------------------------
    k["left_after_d"] = s.child(w.V1b, D(2017, 4, 4))
    s.moved(k["left_after_d"], w.V1b, w.V2a, D(2025, 6, 15))
    k["c2"] = s.child(w.V2a, D(2020, 1, 1), "male")
    s.member(k["c2"], "d", D(2025, 1, 1))
    # --- Cases of C1 (filed at V1a) -----------------------------------------------------------
    by = w.xa1
    k["k1"] = s.case(
        w.V1a,
        by,
        local(2025, 3, 3, 10),
        emergency=True,
        intervened_at=local(2025, 3, 3, 22),  # exactly 12 h
        approved_at=local(2025, 3, 10, 23),  # end of the 5th working day
    )
    k["k2"] = s.case(
        w.V1a,
        by,
        local(2025, 3, 3, 10),
        channel="school",
        classification="abandonment",
        emergency=True,
        intervened_at=local(2025, 3, 3, 22, 1),
        approved_at=local(2025, 3, 11, 8),
    )
    k["k3"] = s.case(w.V1a, by, local(2025, 6, 14, 23, 30), channel="phone")
    k["k4"] = s.case(w.V1a, by, local(2025, 6, 15, 0, 10))  # next window
    k["k5"] = s.case(
        w.V1a,
        by,
        local(2025, 2, 1, 9),
        channel="police",
        classification="exploitation",
        closed_at=local(2025, 2, 5, 9),  # closed without a plan
    )
    s.call(w.C1, w.tongdai, local(2025, 6, 14, 23, 59))
    s.call(w.C1, w.tongdai, local(2025, 6, 15, 0, 0))
    s.press(w.C1, w.xa1, D(2025, 6, 14))
    s.press(w.C1, w.xa1, D(2025, 6, 15))
    return k


@pytest.fixture(params=["raw", "facts"])
def read(request, story, world):
    if request.param == "facts":
        facts.rebuild(today=TODAY)

    def figures(unit, code, breakdown="", period=S1):
        found = services.values(world.tinh, unit, period, [code], breakdown, today=TODAY)
        return {f.key: f for f in found}

    return figures


def total(read, unit, code, period=S1):
    return read(unit, code, period=period)[""]


def test_children_counted_as_on_the_reference_date(read, world):
    # V1a: 17 rows; not counted: 16 on D, died on D, born after D. 14 left, the one who
    # arrived on D included; V1b keeps the one who left after D; V2a only its own child.
    assert total(read, world.V1a, "children").value == 14
    assert total(read, world.V1b, "children").value == 1
    assert total(read, world.V2a, "children").value == 1
    assert total(read, world.C1, "children").value == 15
    assert total(read, world.P, "children").value == 16


def test_children_by_sex_age_band_and_ethnicity(read, world):
    by_sex = read(world.C1, "children", "sex")
    assert {k: f.value for k, f in by_sex.items()} == {"male": 6, "female": 9}
    by_band = read(world.C1, "children", "age_band")
    assert {k: f.value for k, f in by_band.items()} == {"0-3": 3, "3-6": 3, "6-11": 6, "11-16": 3}
    by_group = read(world.C1, "children", "ethnicity_group")
    assert {k: f.value for k, f in by_group.items()} == {"kinh": 14, "minority": 1}
    crossed = read(world.C1, "children", "age_band,sex,ethnicity_group")
    assert crossed["11-16|male|minority"].value == 1
    assert crossed["11-16|male|kinh"].value == 1
    assert sum(f.value for f in crossed.values()) == 15


def test_special_circumstances_share_counts_open_memberships_only(read, world):
    # an (d), changed_groups (e from D; l ended the day before), ends_on_d (a1, ends on D).
    assert total(read, world.C1, "children_special").value == 3
    groups = read(world.C1, "children_special", "group")
    assert {k: f.value for k, f in groups.items()} == {"a": 1, "d": 1, "e": 1}
    assert total(read, world.V1a, "special_pct").value == Decimal("21.43")  # 3 / 14
    assert total(read, world.C1, "special_pct").value == Decimal("20.00")  # 3 / 15
    assert total(read, world.P, "special_pct").value == Decimal("25.00")  # 4 / 16


def test_support_counts_inside_the_window_only(read, world):
    # an (1/3) and changed_groups (14/6) were supported; ends_on_d's supports of 14/12 and
    # 15/6 fall outside the window.
    figure = total(read, world.C1, "special_supported_pct")
    assert (figure.numerator, figure.denominator, figure.value) == (2, 3, Decimal("66.67"))
    assert total(read, world.P, "special_supported_pct").value == Decimal("50.00")
    kinds = read(world.C1, "children_supported", "support_kind")
    assert {k: f.value for k, f in kinds.items()} == {"legal_aid": 1, "social_allowance": 1}
    later = read(world.C1, "children_supported", period=S2)[""]
    assert later.value == 1  # the support of 15/6 counts in the second half


def test_legal_aid_for_children_in_conflict_with_the_law(read, world):
    figure = total(read, world.C1, "legal_aid_conflict_pct")
    assert (figure.numerator, figure.denominator) == (1, 1)


def test_under_six_insured_with_a_card_valid_on_the_reference_date(read, world):
    # Under 6: dung, card_expired, card_until_d, birth_on_time, birth_late, deadline_later.
    figure = total(read, world.C1, "insured_under6_pct")
    assert (figure.numerator, figure.denominator, figure.value) == (2, 6, Decimal("33.33"))


def test_growth_judged_on_the_latest_measurement_in_the_window(read, world):
    assert total(read, world.C1, "underweight_under5_pct").value == Decimal("100.00")
    assert total(read, world.C1, "stunting_under5_pct").value == Decimal("0.00")
    assert total(read, world.C1, "wasting_under5_pct").value == Decimal("100.00")
    assert total(read, world.C1, "wasting_under5_pct").denominator == 1


def test_birth_registration_on_time_up_to_day_sixty(read, world):
    # Deadlines in the window: birth_on_time (30/4, registered that day), birth_late (2/3,
    # registered 3/3). deadline_later's deadline (19/6) falls in the next window.
    figure = total(read, world.C1, "birth_registered_on_time_pct")
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.00"))


def test_at_risk_children(read, world):
    assert read(world.C1, "children_at_risk", "at_risk_group")["r_poor"].value == 1


def test_cases_belong_to_their_local_receipt_date(read, world):
    assert total(read, world.C1, "cases_received").value == 4  # 23:30 on 14/6 in, 00:10 out
    channels = read(world.C1, "cases_received", "channel")
    assert {k: f.value for k, f in channels.items()} == {
        "hotline_111": 1,
        "school": 1,
        "phone": 1,
        "police": 1,
    }
    assert total(read, world.C1, "cases_received", period=S2).value == 1
    assert total(read, world.C1, "cases_closed").value == 1
    assert total(read, world.C1, "cases_per_1000_children").value == Decimal("266.67")


def test_deadlines_exactly_twelve_hours_and_five_working_days_are_on_time(read, world):
    emergency = total(read, world.C1, "emergency_on_time_pct")
    assert (emergency.numerator, emergency.denominator) == (1, 2)
    plan = total(read, world.C1, "plan_on_time_pct")
    # k5 was closed without a plan; k3 (received 14/6) has none yet.
    assert (plan.numerator, plan.denominator, plan.value) == (1, 3, Decimal("33.33"))


def test_hotline_calls_and_press_items_by_local_date(read, world):
    assert total(read, world.C1, "hotline_calls").value == 1
    assert total(read, world.P, "hotline_calls", period=S2).value == 1
    assert total(read, world.C1, "press_items").value == 1


def test_indicators_without_data_are_declared_not_computable(read, world):
    figure = total(read, world.C1, "preschool_3_5_pct")
    assert figure.computable is False and figure.value is None
    assert "enrolment" in figure.needs
