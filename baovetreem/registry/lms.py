"""The LMS method shared by the WHO growth standards (2006) and the WHO growth reference (2007).

Pure Python, no Django. ``z = ((X/M)**L - 1) / (L*S)`` (``ln(X/M)/S`` when ``L == 0``), and WHO's
restricted application beyond ±3 SD for the weight-based indicators, as in WHO's macros.
"""

from __future__ import annotations

import math

Lms = tuple[float, float, float]


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


def interpolate(low: Lms, high: Lms, fraction: float) -> Lms:
    """Return L, M and S each moved ``fraction`` (0..1) of the way from ``low`` to ``high``."""
    return (
        low[0] + fraction * (high[0] - low[0]),
        low[1] + fraction * (high[1] - low[1]),
        low[2] + fraction * (high[2] - low[2]),
    )
