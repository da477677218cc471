"""The demo province's plan targets (the seed figures of DOMAIN.md) and its first figures."""

from __future__ import annotations

import datetime as dt

from baovetreem.indicators import facts
from baovetreem.indicators import periods as periods_mod
from baovetreem.indicators.models import Target
from baovetreem.indicators.targets import set_target

# A synthetic plan of the demo province (number and date made up for the demo).
DEMO_PLAN = ("224/KH-UBND", dt.date(2021, 3, 15))
# indicator, comparison, target (DOMAIN.md "Targets the plans set")
SEED_TARGETS = [
    ("special_pct", "lt", 4),
    ("special_supported_pct", "ge", 90),
    ("insured_under6_pct", "ge", 100),
    ("underweight_under5_pct", "lt", 9),
    ("preschool_3_5_pct", "ge", 97),
    ("grade1_age6_pct", "ge", 100),
    ("birth_registered_on_time_pct", "ge", 100),
    ("swimming_pupils_pct", "ge", 70),
    ("legal_aid_conflict_pct", "ge", 100),
]


def has_targets() -> bool:
    return Target.objects.exists()


def seed_targets(province) -> int:
    """The province's targets for 2021-2030, which its communes and villages inherit."""
    number, date = DEMO_PLAN
    for code, comparison, value in SEED_TARGETS:
        set_target(
            None,
            indicator=code,
            location=province,
            valid_from=dt.date(2021, 1, 1),
            valid_until=dt.date(2030, 12, 31),
            value=value,
            comparison=comparison,
            plan_number=number,
            plan_date=date,
        )
    return len(SEED_TARGETS)


def build_figures(province, today: dt.date) -> int:
    """Count the six-month and annual figures of the province now, so the first page shows
    them at once; months and quarters are built by the next refresh in the worker."""
    chosen = [
        p
        for p in periods_mod.precomputed(today=today)
        if p.kind in {periods_mod.SIX_MONTH, periods_mod.YEAR}
    ]
    return facts.rebuild(unit=province, periods=chosen, today=today).rows
