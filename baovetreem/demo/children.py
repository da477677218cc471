"""Synthetic children for the demo communes, in realistic proportions (never real people)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from faker import Faker

from baovetreem.registry import services
from baovetreem.registry.models import Carer, Child, Group, GroupKind, Household, HouseholdPoverty

HOUSEHOLDS_PER_VILLAGE = 30
SPECIAL_SHARE = 0.05
AT_RISK_SHARE = 0.10


def _approx_size(months: int, rng: random.Random) -> tuple[Decimal, Decimal]:
    """A plausible weight and height for an age in months (rough WHO medians with noise)."""
    if months < 12:
        weight, height = 3.3 + 0.55 * months, 50 + 2.1 * months
    else:
        weight, height = 9.6 + 0.2 * (months - 12), 75 + 0.85 * (months - 12)
    weight *= rng.gauss(0.95, 0.09)
    height *= rng.gauss(0.985, 0.03)
    return Decimal(f"{weight:.1f}"), Decimal(f"{height:.1f}")


@transaction.atomic
def populate(world, seed: int, today: dt.date) -> int:
    """Create households and children in every demo village; returns the children created."""
    rng = random.Random(seed + 1)
    fake = Faker("vi_VN")
    fake.seed_instance(seed + 1)
    special = list(Group.objects.filter(kind=GroupKind.SPECIAL, parent__isnull=True))
    at_risk = list(Group.objects.filter(kind=GroupKind.AT_RISK))
    created = 0
    for index, villages in world.villages.items():
        actor = world.users[f"xa{index + 1}"]
        for village in villages:
            for _ in range(HOUSEHOLDS_PER_VILLAGE):
                surname = fake.last_name()
                father = f"{surname} {fake.first_name_male()}"
                mother = f"{fake.last_name()} Thị {fake.first_name_female()}"
                household = Household.objects.create(
                    village=village,
                    head_name=father,
                    address=f"{village.name}, {fake.street_name()}",
                )
                poverty = rng.choices(["poor", "near_poor", "none"], [0.06, 0.08, 0.86])[0]
                HouseholdPoverty.objects.create(
                    household=household, year=today.year, status=poverty
                )
                for _child in range(rng.choice([1, 1, 2, 2, 3])):
                    sex = rng.choice(["male", "female"])
                    given = fake.first_name_male() if sex == "male" else fake.first_name_female()
                    born = today - dt.timedelta(days=rng.randint(20, 16 * 365 - 30))
                    registered = min(
                        today, born + dt.timedelta(days=rng.choice([10, 20, 30, 45, 59, 75, 120]))
                    )
                    data = {
                        "full_name": f"{surname} {fake.middle_name()} {given}",
                        "sex": sex,
                        "date_of_birth": born,
                        "household": household,
                        "ethnicity": rng.choices(["01", "17", "21", "16"], [0.8, 0.08, 0.08, 0.04])[
                            0
                        ],
                        "birth_registered_on": registered if rng.random() > 0.02 else None,
                        "parents_status": rng.choices(
                            ["together", "divorced", "separated", "unknown"],
                            [0.85, 0.06, 0.04, 0.05],
                        )[0],
                    }
                    months = (today - born).days // 30
                    if months < 72 and rng.random() > 0.08:
                        data["insurance_number"] = f"TE1{rng.randint(10**11, 10**12 - 1)}"
                        data["insurance_valid_until"] = born + dt.timedelta(days=6 * 365)
                    child = services.register_child(
                        actor,
                        village=village,
                        data=data,
                        on=today,
                    )
                    Carer.objects.bulk_create(
                        [
                            Carer(
                                child=child,
                                relationship="father",
                                full_name=father,
                                name_normalized="",
                            ),
                            Carer(
                                child=child,
                                relationship="mother",
                                full_name=mother,
                                name_normalized="",
                            ),
                        ]
                    )
                    for carer in child.carers.all():
                        carer.save()
                    roll = rng.random()
                    if roll < SPECIAL_SHARE:
                        group = rng.choice(special)
                        start = max(born, today - dt.timedelta(days=rng.randint(30, 1500)))
                        services.add_membership(
                            actor, child, group=group, start_date=start, source="Thăm hộ gia đình"
                        )
                        if rng.random() < 0.8:
                            services.record_support(
                                actor,
                                child,
                                kind="social_allowance",
                                received_on=max(start, today - dt.timedelta(days=40)),
                                provider="UBND xã",
                            )
                    elif roll < SPECIAL_SHARE + AT_RISK_SHARE:
                        services.add_membership(
                            actor,
                            child,
                            group=rng.choice(at_risk),
                            start_date=max(born, today - dt.timedelta(days=rng.randint(30, 700))),
                        )
                    if months < 60:
                        weight, height = _approx_size(months, rng)
                        services.record_measurement(
                            actor,
                            child,
                            measured_on=today - dt.timedelta(days=rng.randint(0, 60))
                            if months > 2
                            else today,
                            weight_kg=weight,
                            height_cm=height,
                            confirmed=True,
                        )
                    created += 1
    return created


def has_children() -> bool:
    return Child.all_objects.exists()
