"""The synthetic demo world: one province, a few communes and villages, the demo users.

Everything is drawn from a seeded random generator and Faker's vi_VN locale, so the same seed
gives the same world, and no real person appears.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction
from faker import Faker

from baovetreem.accounts.models import User
from baovetreem.accounts.roles import sync_roles
from baovetreem.accounts.services import provision_user
from baovetreem.locations.models import Kind, Level, Location
from baovetreem.locations.services import load_units

DEMO_PROVINCE_CODE = "56"  # Khánh Hòa (with the former Ninh Thuận since 2025)
DEMO_PASSWORD = "demo12345"  # demo only: printed and listed in the README
COMMUNE_COUNT = 4
VILLAGES_PER_COMMUNE = 6

DEMO_USERS = [
    # username, role, where (province / commune index / village of commune 0)
    ("admin", "system_admin", "province"),
    ("tinh", "provincial_officer", "province"),
    ("xa1", "commune_officer", 0),
    ("xa2", "commune_officer", 1),
    ("xa3", "commune_officer", 2),
    ("xa4", "commune_officer", 3),
    ("ctv1", "village_collaborator", "village"),
    ("canbo", "case_worker", 0),
    ("tongdai", "hotline_operator", "province"),
    ("kiemtra", "auditor", "province"),
]


def vietnamese_name(fake: Faker, rng: random.Random) -> str:
    """A synthetic name in Vietnamese order (family, middle, given), without Faker's titles."""
    if rng.random() < 0.5:
        return f"{fake.last_name()} Văn {fake.first_name_male()}"
    return f"{fake.last_name()} Thị {fake.first_name_female()}"


@dataclass
class DemoWorld:
    province: Location
    communes: list[Location]
    villages: dict[int, list[Location]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    created: bool = False


def _village_kind(commune: Location) -> tuple[str, str]:
    if commune.kind == Kind.PHUONG:
        return Kind.TO_DAN_PHO, "Tổ dân phố"
    return Kind.THON, "Thôn"


@transaction.atomic
def build_demo_world(seed: int = 2026) -> DemoWorld:
    """Create (or find) the demo province, communes, villages and users; idempotent."""
    rng = random.Random(seed)
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    if not Location.objects.filter(level=Level.PROVINCE, code=DEMO_PROVINCE_CODE).exists():
        load_units(DEMO_PROVINCE_CODE)
    sync_roles()
    province = Location.objects.get(level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)
    candidates = list(
        Location.objects.filter(parent=province, level=Level.COMMUNE, kind=Kind.XA).order_by("code")
    )
    communes = sorted(rng.sample(candidates, COMMUNE_COUNT), key=lambda c: c.code)
    world = DemoWorld(province=province, communes=communes)
    world.created = not User.objects.filter(username="admin").exists()
    for index, commune in enumerate(communes):
        kind, word = _village_kind(commune)
        villages = []
        for n in range(1, VILLAGES_PER_COMMUNE + 1):
            village, _ = Location.objects.get_or_create(
                parent=commune,
                level=Level.VILLAGE,
                code=f"T{n:02d}",
                defaults={"name": f"{word} {n}", "kind": kind, "depth": 2},
            )
            villages.append(village)
        world.villages[index] = villages
    for username, role_code, where in DEMO_USERS:
        if where == "province":
            location = province
        elif where == "village":
            location = world.villages[0][0]
        else:
            location = communes[where]
        world.users[username] = provision_user(
            username=username,
            password=DEMO_PASSWORD,
            role_code=role_code,
            location=location,
            full_name=vietnamese_name(fake, rng),
        )
    return world
