"""WHO 2006 Child Growth Standards z-scores (chuẩn tăng trưởng WHO 2006) for children under five.

Pure Python, no Django: the registry calls :func:`compute` with one measurement and stores or shows
the result. The method follows WHO's igrowup/Anthro macros:

* z-scores from the LMS tables, ``z = ((X/M)**L - 1) / (L*S)`` (``ln(X/M)/S`` when ``L == 0``);
* for the weight-based indicators (weight-for-age, weight-for-length/height) WHO's restricted
  application beyond ±3 SD, which measures the distance past SD3 in units of the SD2–SD3 gap;
* age-indexed tables by day (0..1856), length (lying) below 731 days and height (standing) from
  731 days, with the 0.7 cm adjustment when the measuring position does not match the age;
* weight-for-length (45–110 cm) below 731 days and weight-for-height (65–120 cm) from 731 days,
  with L, M and S interpolated linearly between the neighbouring 0.1 cm rows.

The tables are vendored in ``data/who2006`` (see the README there for their source).
"""

from __future__ import annotations

import csv
import gzip
import math
import operator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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

Lms = tuple[float, float, float]


@dataclass(frozen=True)
class GrowthResult:
    """Z-scores and WHO classifications for one measurement of one child."""

    waz: float | None  # weight-for-age z
    haz: float | None  # length/height-for-age z
    whz: float | None  # weight-for-length (lying, <2y) or weight-for-height (standing, >=2y) z
    underweight: bool | None  # waz < -2
    severely_underweight: bool | None  # waz < -3
    stunted: bool | None  # haz < -2
    severely_stunted: bool | None  # haz < -3
    wasted: bool | None  # whz < -2
    severely_wasted: bool | None  # whz < -3
    overweight: bool | None  # whz > 2
    implausible: tuple[str, ...]  # indicators outside IMPLAUSIBLE_LIMITS, e.g. ("haz",)


_EMPTY = GrowthResult(
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


def lms_z(x: float, lms: Lms) -> float:
    """Return the plain LMS z-score of measurement ``x`` for one (L, M, S) row."""
    l_, m, s = lms
    if l_ == 0:
        return math.log(x / m) / s
    return ((x / m) ** l_ - 1) / (l_ * s)


def lms_value(z: float, lms: Lms) -> float:
    """Return the measurement that lies at z-score ``z`` for one (L, M, S) row (SD lines)."""
    l_, m, s = lms
    if l_ == 0:
        return m * math.exp(s * z)
    return m * (1 + l_ * s * z) ** (1 / l_)


def restricted_z(x: float, lms: Lms) -> float:
    """Return WHO's z-score for weight-based indicators, restricted beyond ±3 SD.

    Past +3 SD (or -3 SD) the distance from SD3 is measured in units of the SD2–SD3 gap at that
    side, so the right-skewed weight distribution does not stretch extreme z-scores.
    """
    z = lms_z(x, lms)
    if z > 3:
        sd3 = lms_value(3, lms)
        return 3 + (x - sd3) / (sd3 - lms_value(2, lms))
    if z < -3:
        sd3neg = lms_value(-3, lms)
        return -3 + (x - sd3neg) / (lms_value(-2, lms) - sd3neg)
    return z


def _interpolated_lms(rows: tuple[Lms, ...], start_cm: float, value_cm: float) -> Lms:
    """Return L, M, S at ``value_cm`` interpolated between the neighbouring 0.1 cm rows."""
    position = round((value_cm - start_cm) * 10, _MEASUREMENT_DECIMALS)
    index = math.floor(position)
    fraction = position - index
    if fraction == 0 or index + 1 >= len(rows):
        return rows[index]
    low, high = rows[index], rows[index + 1]
    return (
        low[0] + fraction * (high[0] - low[0]),
        low[1] + fraction * (high[1] - low[1]),
        low[2] + fraction * (high[2] - low[2]),
    )


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


def compute(
    sex: str,
    age_days: int,
    weight_kg: float | None,
    height_cm: float | None,
    measured_lying: bool | None = None,
) -> GrowthResult:
    """Compute WHO 2006 z-scores and classifications for one measurement.

    ``sex`` is "male" or "female"; ``age_days`` the completed days of age (0..1856 is covered,
    older children get an all-None result); ``height_cm`` is recumbent length or standing height
    as measured, ``measured_lying`` says which (None: the position recommended for the age).
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
        return _EMPTY

    waz = haz = whz = None
    if weight is not None:
        waz = restricted_z(weight, _table("wfa")[sex][age_days])
    if height is not None:
        length = _standardised_length(age_days, height, measured_lying)
        haz = lms_z(length, _table("lhfa")[sex][age_days])
        if weight is not None:
            whz = _weight_for_length_z(sex, age_days, weight, length)

    scores = {"waz": waz, "haz": haz, "whz": whz}
    implausible = tuple(
        name
        for name, z in scores.items()
        if z is not None and not IMPLAUSIBLE_LIMITS[name][0] <= z <= IMPLAUSIBLE_LIMITS[name][1]
    )
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
        overweight=None if whz is None else whz > 2,
        implausible=implausible,
    )


def round_z(z: float | None) -> float | None:
    """Round a z-score to 2 decimals for display (None stays None)."""
    return None if z is None else round(z, 2)
