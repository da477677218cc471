"""Generate a synthetic province for benchmarks (seeded; Faker vi_VN names; no real person).

    .venv/bin/python benchmarks/generate.py --children 1000000 --communes 100 --villages 10

Creates province "Tỉnh Thử Nghiệm" (code 99) with communes and villages, households, children
(≈5 % in a special-circumstance group, ≈10 % at risk), two carers each, and users `bench_tinh`
(provincial officer with registry rights) and `bench_xa` (commune officer of the first commune).
On PostgreSQL rows are loaded with COPY; elsewhere with bulk_create.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

from _django import machine, setup, synthetic_province


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--villages", type=int, default=10, help="villages per commune")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    url = setup()
    from django.db import connection, transaction
    from faker import Faker

    from baovetreem.accounts.roles import sync_roles
    from baovetreem.accounts.services import provision_user
    from baovetreem.core.text import normalize_name
    from baovetreem.locations.models import Level, Location
    from baovetreem.registry.models import Child, Group

    if Location.objects.filter(level=Level.PROVINCE, code="99").exists():
        print("benchmark province already present: drop the database to regenerate")
        return
    started = time.perf_counter()
    rng = random.Random(args.seed)
    fake = Faker("vi_VN")
    fake.seed_instance(args.seed)
    sync_roles()
    surnames = [fake.last_name() for _ in range(200)]
    middles = [fake.middle_name() for _ in range(200)]
    boys = [fake.first_name_male() for _ in range(300)]
    girls = [fake.first_name_female() for _ in range(300)]
    with transaction.atomic():
        province, places = synthetic_province(args.communes, args.villages)
        villages = [village for _commune, units in places for village in units]
        first_commune = villages[0].parent
        # A provincial officer who may read records (a role with registry rights on the province).
        provision_user(
            username="bench_xa",
            password="bench-only-12",
            role_code="commune_officer",
            location=first_commune,
        )
        provision_user(
            username="bench_tinh",
            password="bench-only-12",
            role_code="commune_officer",
            location=province,
        )
    special = list(
        Group.objects.filter(kind="special", parent__isnull=True).values_list("pk", flat=True)
    )
    at_risk = list(Group.objects.filter(kind="at_risk").values_list("pk", flat=True))
    today = dt.date(2026, 11, 25)
    now = "2026-11-25 00:00:00+07"
    vendor = connection.vendor
    batch = 50_000
    made = 0
    next_id = (Child.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    while made < args.children:
        size = min(batch, args.children - made)
        children, carers, memberships = [], [], []
        for i in range(size):
            pk = next_id + made + i
            village = villages[rng.randrange(len(villages))]
            sex = rng.choice("MF")
            surname = rng.choice(surnames)
            name = f"{surname} {rng.choice(middles)} {rng.choice(boys if sex == 'M' else girls)}"
            born = today - dt.timedelta(days=rng.randint(10, 16 * 365 - 10))
            pid = None
            if rng.random() < 0.7 and pk < 1_000_000:
                prefix = rng.choice(["056", "058", "001"])
                pid = f"{prefix}{2 if sex == 'M' else 3}{born.year % 100:02d}{pk:06d}"
            names = []
            for relationship, first in (
                ("father", rng.choice(boys)),
                ("mother", rng.choice(girls)),
            ):
                carer = f"{surname if relationship == 'father' else rng.choice(surnames)} {rng.choice(middles)} {first}"
                carers.append((pk, relationship, carer, normalize_name(carer)))
                names.append(normalize_name(carer))
            search_text = " | ".join([normalize_name(name), *names])
            children.append(
                (
                    pk,
                    village.pk,
                    village.path,
                    name,
                    normalize_name(name),
                    "male" if sex == "M" else "female",
                    born,
                    pid,
                    search_text,
                )
            )
            roll = rng.random()
            if roll < 0.05:
                memberships.append(
                    (pk, rng.choice(special), today - dt.timedelta(days=rng.randint(1, 900)))
                )
            elif roll < 0.15:
                memberships.append(
                    (pk, rng.choice(at_risk), today - dt.timedelta(days=rng.randint(1, 900)))
                )
        _load(vendor, children, carers, memberships, now)
        made += size
        print(f"  {made:>9,} children ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as `PRAGMA optimize` keeps them
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('registry_child','id'), (SELECT max(id) FROM registry_child))"
            )
            cursor.execute("ANALYZE")
    print(
        f"generated {args.children:,} children in {args.communes} communes × {args.villages} villages "
        f"in {time.perf_counter() - started:.0f} s on {url.split('@')[-1]} — {machine()}"
    )


def _load(vendor, children, carers, memberships, now) -> None:
    from django.db import connection, transaction

    child_cols = (
        "id",
        "village_id",
        "scope_path",
        "full_name",
        "name_normalized",
        "sex",
        "date_of_birth",
        "personal_id",
        "search_text",
    )
    with transaction.atomic():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(
                    "COPY registry_child (id, village_id, scope_path, full_name, name_normalized, sex, "
                    "date_of_birth, personal_id, search_text, birth_date_precision, ethnicity, parents_status, "
                    "insurance_number, disability_type, disability_severity, school_level, school_name, "
                    "grade, swimming_skills, injury_prevention, status, notes, version, created_at, updated_at) "
                    "FROM STDIN"
                ) as copy:
                    for row in children:
                        copy.write_row(
                            (
                                *row,
                                "day",
                                "01",
                                "unknown",
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                False,
                                False,
                                "living",
                                "",
                                1,
                                now,
                                now,
                            )
                        )
                with raw.copy(
                    "COPY registry_carer (child_id, relationship, full_name, name_normalized, birth_year, "
                    "personal_id, phone, occupation, is_primary_carer, is_deceased, works_away, in_prison, "
                    "uses_drugs, created_at, updated_at) FROM STDIN"
                ) as copy:
                    for child_id, rel, name, norm in carers:
                        copy.write_row(
                            (
                                child_id,
                                rel,
                                name,
                                norm,
                                None,
                                "",
                                "",
                                "",
                                False,
                                False,
                                False,
                                False,
                                False,
                                now,
                                now,
                            )
                        )
                with raw.copy(
                    "COPY registry_groupmembership (child_id, group_id, start_date, source, end_reason, "
                    "created_at, updated_at) FROM STDIN"
                ) as copy:
                    for child_id, group_id, start in memberships:
                        copy.write_row((child_id, group_id, start, "bench", "", now, now))
            return
        from baovetreem.registry.models import Carer, Child, GroupMembership

        Child.objects.bulk_create(
            [Child(**dict(zip(child_cols, row, strict=True))) for row in children], batch_size=5000
        )
        Carer.objects.bulk_create(
            [
                Carer(child_id=c, relationship=r, full_name=n, name_normalized=m)
                for c, r, n, m in carers
            ],
            batch_size=5000,
        )
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(child_id=c, group_id=g, start_date=s, source="bench")
                for c, g, s in memberships
            ],
            batch_size=5000,
        )


if __name__ == "__main__":
    main()
