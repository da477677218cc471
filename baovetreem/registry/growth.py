"""Growth z-scores: WHO 2006 Child Growth Standards (chuẩn tăng trưởng WHO 2006) under five, and
the WHO Reference 2007 (:mod:`baovetreem.registry.who2007`) from five to nineteen years.

Pure Python, no Django: the registry calls :func:`compute` with one measurement and stores or shows
the result; :func:`compute` picks the reference by age (to day 1856 WHO 2006, from day 1857, i.e.
61 months, WHO 2007). For under-fives the method follows WHO's igrowup/Anthro macros:

* z-scores from the LMS tables, ``z = ((X/M)**L - 1) / (L*S)`` (``ln(X/M)/S`` when ``L == 0``);
* for the weight-based indicators (weight-for-age, weight-for-length/height) WHO's restricted
  application beyond ±3 SD, which measures the distance past SD3 in units of the SD2–SD3 gap;
* age-indexed tables by day (0..1856), length (lying) below 731 days and height (standing) from
  731 days, with the 0.7 cm adjustment when the measuring position does not match the age;
* weight-for-length (45–110 cm) below 731 days and weight-for-height (65–120 cm) from 731 days,
  with L, M and S interpolated linearly between the neighbouring 0.1 cm rows.

The tables are vendored in ``data/who2006`` (see the README there for their source).

Classifications: under five, WHO 2006 (weight-for-age, length/height-for-age and
weight-for-length/height below -2 / -3 SD; overweight above +2 SD and obese above +3 SD of
weight-for-length/height); from five, WHO 2007 (thinness below -2 SD and severe thinness below
-3 SD of BMI-for-age, overweight above +1 SD and obesity above +2 SD; stunting below -2 / -3 SD of
height-for-age; weight-for-age, defined to ten years, below -2 / -3 SD). Every cut-off is strict.
"""

from __future__ import annotations

import csv
import gzip
import math
import operator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from baovetreem.registry import who2007
from baovetreem.registry.lms import Lms, interpolate, lms_value, lms_z, restricted_z

__all__ = [
    "EMPTY_RESULT",
    "GrowthResult",
    "compute",
    "lms_value",
    "lms_z",
    "restricted_z",
    "round_z",
]

DATA_DIR = Path(__file__).resolve().parent / "data" / "who2006"

SEXES = ("male", "female")

#: Last age in days covered by the WHO 2006 standards (60 completed months).
MAX_AGE_DAYS = 1856

#: From this age the standards use standing height instead of recumbent length.
HEIGHT_FROM_AGE_DAYS = 731

#: Standing height is on average 0.7 cm less than recumbent length (WHO).
POSITION_ADJUSTMENT_CM = 0.7

#: Range (cm) of the weight-for-length table, used below HEIGHT_FROM_AGE_DAYS.
WFL_RANGE_CM = (45.0, 110.0)

#: Range (cm) of the weight-for-height table, used from HEIGHT_FROM_AGE_DAYS.
WFH_RANGE_CM = (65.0, 120.0)

#: WHO flag limits (as in Anthro and igrowup): a z-score outside (low, high) is implausible and
#: most likely a measurement or data-entry error.
IMPLAUSIBLE_LIMITS: dict[str, tuple[float, float]] = {
    "waz": (-6.0, 5.0),
    "haz": (-6.0, 6.0),
    "whz": (-5.0, 5.0),
}

# Rounding guard for measurements after the ±0.7 cm adjustment, so that e.g. 44.3 + 0.7 is 45.0
# and not 44.99999999999999 (which would fall just outside the weight-for-length table).
_MEASUREMENT_DECIMALS = 9


@dataclass(frozen=True)
class GrowthResult:
    """Z-scores and WHO classifications for one measurement of one child."""

    waz: float | None  # weight-for-age z (to 10 years)
    haz: float | None  # length/height-for-age z
    whz: float | None  # weight-for-length (lying, <2y) or weight-for-height (standing, 2-5y) z
    underweight: bool | None  # waz < -2
    severely_underweight: bool | None  # waz < -3
    stunted: bool | None  # haz < -2
    severely_stunted: bool | None  # haz < -3
    wasted: bool | None  # whz < -2 (under 5)
    severely_wasted: bool | None  # whz < -3 (under 5)
    overweight: bool | None  # whz > 2 under 5; baz > 1 from 5
    implausible: tuple[str, ...]  # indicators outside the flag limits, e.g. ("haz",)
    baz: float | None = None  # BMI-for-age z (from 5 years)
    thin: bool | None = None  # baz < -2 (thinness, from 5 years)
    severely_thin: bool | None = None  # baz < -3
    obese: bool | None = None  # whz > 3 under 5; baz > 2 from 5
    reference: str | None = None  # "who2006", "who2007", or None when the age is outside both


#: The result for an age outside both references: every value None, nothing flagged.
EMPTY_RESULT = GrowthResult(
    waz=None,
    haz=None,
    whz=None,
    underweight=None,
    severely_underweight=None,
    stunted=None,
    severely_stunted=None,
    wasted=None,
    severely_wasted=None,
    overweight=None,
    implausible=(),
)


@cache
def _table(name: str) -> dict[str, tuple[Lms, ...]]:
    """Load one vendored WHO table (wfa, lhfa, wfl or wfh) as contiguous LMS rows per sex.

    Age tables are indexed by day from 0; length/height tables by 0.1 cm steps from their first
    row. The file is read once per process.
    """
    rows: dict[str, list[tuple[int, Lms]]] = {sex: [] for sex in SEXES}
    with gzip.open(DATA_DIR / f"{name}.csv.gz", "rt", encoding="ascii", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        by_age = header[1] == "age_days"
        for sex, key, l_, m, s in reader:
            # Keys are whole days or lengths in tenths of a cm, kept as integers to index exactly.
            index = int(key) if by_age else round(float(key) * 10)
            rows[sex].append((index, (float(l_), float(m), float(s))))
    table: dict[str, tuple[Lms, ...]] = {}
    for sex, entries in rows.items():
        entries.sort()
        first = entries[0][0]
        if [index for index, _ in entries] != list(range(first, first + len(entries))):
            raise RuntimeError(f"WHO table {name} ({sex}) has gaps")
        table[sex] = tuple(lms for _, lms in entries)
    return table


def _interpolated_lms(rows: tuple[Lms, ...], start_cm: float, value_cm: float) -> Lms:
    """Return L, M, S at ``value_cm`` interpolated between the neighbouring 0.1 cm rows."""
    position = round((value_cm - start_cm) * 10, _MEASUREMENT_DECIMALS)
    index = math.floor(position)
    fraction = position - index
    if fraction == 0 or index + 1 >= len(rows):
        return rows[index]
    return interpolate(rows[index], rows[index + 1], fraction)


def _positive(value: float | None, name: str) -> float | None:
    """Return ``value`` as a float, rejecting zero, negative and non-finite measurements."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def _standardised_length(age_days: int, height_cm: float, measured_lying: bool | None) -> float:
    """Return the length/height converted to the position the WHO table expects at this age."""
    expects_lying = age_days < HEIGHT_FROM_AGE_DAYS
    if measured_lying is None or measured_lying == expects_lying:
        return height_cm
    if expects_lying:  # under 2 years but measured standing
        adjusted = height_cm + POSITION_ADJUSTMENT_CM
    else:  # 2 years or more but measured lying
        adjusted = height_cm - POSITION_ADJUSTMENT_CM
    return round(adjusted, _MEASUREMENT_DECIMALS)


def _weight_for_length_z(sex: str, age_days: int, weight: float, length: float) -> float | None:
    """Return weight-for-length (< 731 days) or weight-for-height z, or None out of the table."""
    if age_days < HEIGHT_FROM_AGE_DAYS:
        name, (low, high) = "wfl", WFL_RANGE_CM
    else:
        name, (low, high) = "wfh", WFH_RANGE_CM
    if not low <= length <= high:
        return None
    lms = _interpolated_lms(_table(name)[sex], low, length)
    return restricted_z(weight, lms)


def _below(z: float | None, limit: float) -> bool | None:
    """Return whether ``z`` is below ``limit``, or None when there is no z-score."""
    return None if z is None else z < limit


def _above(z: float | None, limit: float) -> bool | None:
    """Return whether ``z`` is above ``limit``, or None when there is no z-score."""
    return None if z is None else z > limit


def _implausible(scores: dict[str, float | None], limits: dict[str, tuple[float, float]]):
    """Return the names of the z-scores outside their flag limits, in the order given."""
    return tuple(
        name
        for name, z in scores.items()
        if z is not None and not limits[name][0] <= z <= limits[name][1]
    )


def compute(
    sex: str,
    age_days: int,
    weight_kg: float | None,
    height_cm: float | None,
    measured_lying: bool | None = None,
) -> GrowthResult:
    """Compute WHO 2006 z-scores and classifications for one measurement.

    ``sex`` is "male" or "female"; ``age_days`` the completed days of age (0..1856 on the WHO
    2006 standards, 1857..6970 on the WHO 2007 reference, older children get
    :data:`EMPTY_RESULT`); ``height_cm`` is recumbent length or standing height as measured,
    ``measured_lying`` says which (None: the position recommended for the age; ignored from five
    years, where WHO 2007 takes the height as measured).
    Raises ValueError for an unknown sex, a negative age or a non-positive measurement.
    """
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, got {sex!r}")
    age_days = operator.index(age_days)  # whole days index the tables; 12.5 is a TypeError
    if age_days < 0:
        raise ValueError(f"age_days must not be negative, got {age_days!r}")
    weight = _positive(weight_kg, "weight_kg")
    height = _positive(height_cm, "height_cm")
    if age_days > MAX_AGE_DAYS:
        return _compute_from_five(sex, age_days, weight, height)

    waz = haz = whz = None
    if weight is not None:
        waz = restricted_z(weight, _table("wfa")[sex][age_days])
    if height is not None:
        length = _standardised_length(age_days, height, measured_lying)
        haz = lms_z(length, _table("lhfa")[sex][age_days])
        if weight is not None:
            whz = _weight_for_length_z(sex, age_days, weight, length)

    return GrowthResult(
        waz=waz,
        haz=haz,
        whz=whz,
        underweight=_below(waz, -2),
        severely_underweight=_below(waz, -3),
        stunted=_below(haz, -2),
        severely_stunted=_below(haz, -3),
        wasted=_below(whz, -2),
        severely_wasted=_below(whz, -3),
        overweight=_above(whz, 2),
        obese=_above(whz, 3),
        implausible=_implausible({"waz": waz, "haz": haz, "whz": whz}, IMPLAUSIBLE_LIMITS),
        reference="who2006",
    )


def _compute_from_five(
    sex: str, age_days: int, weight: float | None, height: float | None
) -> GrowthResult:
    """Return the WHO 2007 z-scores and classifications (5 to 19 years) for one measurement."""
    if age_days > who2007.MAX_AGE_DAYS:
        return EMPTY_RESULT
    waz, haz, baz = who2007.z_scores(sex, age_days, weight, height)
    scores = {"waz": waz, "haz": haz, "baz": baz}
    return GrowthResult(
        waz=waz,
        haz=haz,
        whz=None,
        underweight=_below(waz, -2),
        severely_underweight=_below(waz, -3),
        stunted=_below(haz, -2),
        severely_stunted=_below(haz, -3),
        wasted=None,
        severely_wasted=None,
        overweight=_above(baz, 1),
        baz=baz,
        thin=_below(baz, -2),
        severely_thin=_below(baz, -3),
        obese=_above(baz, 2),
        implausible=_implausible(scores, who2007.IMPLAUSIBLE_LIMITS),
        reference="who2007",
    )


def round_z(z: float | None) -> float | None:
    """Round a z-score to 2 decimals for display (None stays None)."""
    return None if z is None else round(z, 2)
