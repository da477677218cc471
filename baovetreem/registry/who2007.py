"""WHO Reference 2007 z-scores (chuẩn tham chiếu tăng trưởng WHO 2007) for ages 5 to 19 years.

Pure Python, no Django: :func:`baovetreem.registry.growth.compute` calls :func:`z_scores` from
day 1857 of age, where the WHO 2006 standards end. The method follows WHO's who2007 macros and its
AnthroPlus R package (``anthroplus``):

* the age is the exact age in months, WHO's 30.4375 days a month, never rounded;
* L, M and S are interpolated linearly between the two whole months around that age;
* height-for-age and BMI-for-age from 61 up to (not including) 229 months, weight-for-age from 61
  up to (not including) 121 months; the last month's row holds until that bound, as WHO's own
  tables repeat it for month 229 (121);
* height is taken as measured (standing) with no lying/standing adjustment;
* weight-for-age and BMI-for-age use the restricted application beyond ±3 SD, height-for-age the
  plain LMS z-score.

The tables are vendored in ``data/who2007`` (see the README there for their source).
"""

from __future__ import annotations

import csv
import gzip
import math
from functools import cache
from pathlib import Path

from baovetreem.registry.lms import Lms, interpolate, lms_z, restricted_z

DATA_DIR = Path(__file__).resolve().parent / "data" / "who2007"

SEXES = ("male", "female")

#: WHO's average month: 365.25 / 12 days.
DAYS_PER_MONTH = 30.4375

#: First month of every table (month 61 starts on day 1857, the day after the WHO 2006 standards).
FIRST_MONTH = 61

#: Exclusive upper bound in months of each table's use (anthroplus 1.1.0: 229, and 121 for weight).
AGE_LIMIT_MONTHS = {"hfa": 229, "bfa": 229, "wfa": 121}

#: Last whole day of age covered by height-for-age and BMI-for-age (228.99 months).
MAX_AGE_DAYS = math.ceil(AGE_LIMIT_MONTHS["hfa"] * DAYS_PER_MONTH) - 1

#: WHO flag limits of the who2007 macros and AnthroPlus: a z-score outside (low, high) is
#: implausible and most likely a measurement or data-entry error.
IMPLAUSIBLE_LIMITS: dict[str, tuple[float, float]] = {
    "waz": (-6.0, 5.0),
    "haz": (-6.0, 6.0),
    "baz": (-5.0, 5.0),
}


@cache
def _table(name: str) -> dict[str, tuple[Lms, ...]]:
    """Load one vendored WHO 2007 table (hfa, bfa or wfa) as LMS rows per sex from month 61.

    The file is read once per process.
    """
    rows: dict[str, list[tuple[int, Lms]]] = {sex: [] for sex in SEXES}
    with gzip.open(DATA_DIR / f"{name}.csv.gz", "rt", encoding="ascii", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)  # sex,age_months,l,m,s
        for sex, month, l_, m, s in reader:
            rows[sex].append((int(month), (float(l_), float(m), float(s))))
    table: dict[str, tuple[Lms, ...]] = {}
    for sex, entries in rows.items():
        entries.sort()
        months = [month for month, _ in entries]
        if months != list(range(FIRST_MONTH, FIRST_MONTH + len(entries))):
            raise RuntimeError(f"WHO 2007 table {name} ({sex}) has gaps")
        table[sex] = tuple(lms for _, lms in entries)
    return table


def age_in_months(age_days: int) -> float:
    """Return the exact age in WHO months (30.4375 days), as WHO's macros expect it."""
    return age_days / DAYS_PER_MONTH


def lms_at(name: str, sex: str, age_months: float) -> Lms | None:
    """Return L, M, S of table ``name`` at ``age_months``, or None outside the table's ages."""
    if not FIRST_MONTH <= age_months < AGE_LIMIT_MONTHS[name]:
        return None
    rows = _table(name)[sex]
    low = math.trunc(age_months)
    index = low - FIRST_MONTH
    fraction = age_months - low
    if index + 1 >= len(rows):
        return rows[-1]
    if fraction == 0:
        return rows[index]
    return interpolate(rows[index], rows[index + 1], fraction)


def z_scores(
    sex: str, age_days: int, weight: float | None, height: float | None
) -> tuple[float | None, float | None, float | None]:
    """Return (weight-for-age, height-for-age, BMI-for-age) z-scores; None where not defined.

    ``sex`` is "male" or "female"; ``weight`` in kg and ``height`` (standing) in cm are positive
    numbers or None. Ages outside the reference give None for that indicator.
    """
    age_months = age_in_months(age_days)
    waz = haz = baz = None
    if weight is not None and (lms := lms_at("wfa", sex, age_months)) is not None:
        waz = restricted_z(weight, lms)
    if height is not None and (lms := lms_at("hfa", sex, age_months)) is not None:
        haz = lms_z(height, lms)
    bmi = None if weight is None or height is None else weight / (height / 100) ** 2
    if bmi is not None and (lms := lms_at("bfa", sex, age_months)) is not None:
        baz = restricted_z(bmi, lms)
    return waz, haz, baz
