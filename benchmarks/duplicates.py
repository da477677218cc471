"""Time the batch duplicate report on synthetic communes with planted duplicates. Prints figures.

    .venv/bin/python benchmarks/duplicates.py --children 20000 [--communes 1] [--seed 11]

Builds its own throwaway database (Django's test-database machinery on the database chosen by
DATABASE_URL: SQLite in memory by default, or a separate `bench_duplicates_<pid>` PostgreSQL
database, dropped at the end), fills it with ``--children`` synthetic children (Faker vi_VN,
seeded) spread over ``--communes`` communes of one province, ≈2 % of them planted near-duplicates
of another child (name typed without diacritics or with a typo, a day or a year mistyped, an ID
number with one wrong digit, entered again in another village), then times duplicate_pairs()
for the first commune (as its commune officer) and, with several communes, for the province.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import unicodedata

from _django import machine, peak_rss_mb, synthetic_province, throwaway_database

# Name parts beyond Faker vi_VN's short lists, so that given names are as varied as in life.
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Gia", "Bảo", "Anh",
               "Hoàng", "Tuấn", "Ngọc", "Xuân", "Trung", "Đình", "Nhật", "Phúc"]  # fmt: skip
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Bảo", "Khánh", "Mai", "Hải",
                 "Gia", "Quỳnh", "Thảo", "Diệu", "Kim", "Hoài"]  # fmt: skip
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
              "Khang", "Khánh", "Khôi", "Kiên", "Lâm", "Long", "Lộc", "Luân", "Mạnh", "Minh",
              "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quý", "Sơn", "Tài",
              "Tâm", "Thắng", "Thịnh", "Thông", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Tùng",
              "Việt", "Vinh", "Vũ", "Bảo", "Đăng", "Hưng", "Khoa", "Lợi", "Nhật", "Quang",
              "Sang", "Thái", "Thiện", "Trọng", "Tú", "Văn", "Vỹ", "Hậu", "Kha"]  # fmt: skip
GIVEN_FEMALE = ["Anh", "Ánh", "Bích", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà",
                "Hân", "Hạnh", "Hằng", "Hiền", "Hoa", "Huyền", "Hương", "Khánh", "Lan", "Linh",
                "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh",
                "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thơ", "Thủy", "Thư",
                "Trang", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Hồng",
                "Nguyệt", "Phượng", "Diễm", "Kiều", "Lụa", "Mơ", "Na", "Sương", "Tiên"]  # fmt: skip
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
            ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.5),
            ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 1), ("Lương", 0.6),
            ("Mai", 0.6), ("Trịnh", 0.6), ("Cao", 0.5), ("Lò", 0.4), ("Hà", 0.5)]  # fmt: skip
TODAY = dt.date(2026, 11, 25)
PLANTED_SHARE = 0.02


def _strip_marks(text: str) -> str:
    """ "Nguyễn Văn An" → "Nguyen Van An", as typed on a keyboard without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return plain.replace("đ", "d").replace("Đ", "D")


def _typo(rng: random.Random, name: str) -> str:
    """One slip of the keyboard in the given name: a letter doubled, dropped or changed."""
    words = name.split()
    given = words[-1]
    k = rng.randrange(len(given))
    slip = rng.choice(["double", "drop", "change"]) if len(given) > 2 else "double"
    if slip == "double":
        given = given[: k + 1] + given[k] + given[k + 1 :]
    elif slip == "drop":
        given = given[:k] + given[k + 1 :]
    else:
        given = given[:k] + rng.choice("aeiounhtg") + given[k + 1 :]
    return " ".join([*words[:-1], given])


def _shift_digit(rng: random.Random, pid: str) -> str:
    """The same ID number with one of the six serial digits wrong."""
    k = rng.randrange(6, 12)
    digit = str((int(pid[k]) + rng.randint(1, 9)) % 10)
    return pid[:k] + digit + pid[k + 1 :]


class Generator:
    """Synthetic children (seeded), with planted duplicates whose pairs are remembered."""

    def __init__(self, seed: int):
        """Seed Python's and Faker's generators, and gather the name parts."""
        from faker import Faker
        from faker.providers.person.vi_VN import Provider

        self.rng = random.Random(seed)
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(seed)
        pool = {name: 0.5 for name in Provider.last_names}
        pool.update(SURNAMES)
        self.surnames, self.weights = zip(*pool.items(), strict=True)
        self.boys = sorted(set(GIVEN_MALE) | set(Provider.first_names_male))
        self.girls = sorted(set(GIVEN_FEMALE) | set(Provider.first_names_female))
        self.used_ids: set[str] = set()

    def surname(self) -> str:
        """A surname, as frequent as in Viet Nam (Nguyễn ≈ 38 %)."""
        return self.rng.choices(self.surnames, self.weights)[0]

    def person(self, sex: str) -> str:
        """A full name: surname, middle name, given name."""
        middles, given = (MIDDLE_MALE, self.boys) if sex == "male" else (MIDDLE_FEMALE, self.girls)
        return f"{self.surname()} {self.rng.choice(middles)} {self.rng.choice(given)}"

    def mother(self) -> str:
        """A mother's name from Faker vi_VN."""
        return f"{self.fake.last_name()} {self.fake.middle_name()} {self.fake.first_name_female()}"

    def personal_id(self, sex: str, born: dt.date) -> str:
        """A well-formed ID number not used yet (province 056, sex and century, year)."""
        while True:
            pid = f"056{2 if sex == 'male' else 3}{born.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                return pid

    def child(self, villages) -> dict:
        """One child: village, name, sex, date of birth, ID number (60 %), mother (80 %)."""
        sex = self.rng.choice(["male", "female"])
        born = TODAY - dt.timedelta(days=self.rng.randint(10, 16 * 365 - 10))
        name = self.person(sex)
        return {
            "village": self.rng.choice(villages),
            "full_name": name,
            "sex": sex,
            "date_of_birth": born,
            "personal_id": self.personal_id(sex, born) if self.rng.random() < 0.6 else None,
            "mother": self.mother() if self.rng.random() < 0.8 else None,
        }

    def duplicate_of(self, original: dict, villages) -> dict:
        """A second record of the same child, entered with one of the usual mistakes."""
        copy = dict(original, personal_id=None, village=self.rng.choice(villages))
        kind = self.rng.randrange(5)
        if kind == 0:  # typed without diacritics
            copy["full_name"] = _strip_marks(original["full_name"])
        elif kind == 1:  # a typo in the given name, same date of birth
            copy["full_name"] = _typo(self.rng, original["full_name"])
        elif kind == 2:  # the day of birth mistyped (or estimated), same mother
            born = original["date_of_birth"] + dt.timedelta(days=self.rng.choice([-9, -3, 1, 7]))
            copy["date_of_birth"] = min(born, TODAY)
        elif kind == 3:  # the year of birth mistyped, same mother
            born = original["date_of_birth"]
            copy["date_of_birth"] = born.replace(year=born.year - 1, day=min(born.day, 28))
        elif original["personal_id"]:  # the ID number with one wrong digit, name without marks
            pid = _shift_digit(self.rng, original["personal_id"])
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                copy["personal_id"] = pid
            copy["full_name"] = _strip_marks(original["full_name"])
        if self.rng.random() < 0.3:
            copy["mother"] = None  # the second visit did not record the mother
        return copy


def build(children: int, communes: int, seed: int):
    """Create the province, communes, villages, users and children; return what the run needs."""
    from django.db import transaction

    from baovetreem.accounts.models import User
    from baovetreem.accounts.roles import sync_roles
    from baovetreem.accounts.services import provision_user
    from baovetreem.core.text import normalize_name
    from baovetreem.registry.models import Carer, Child

    gen = Generator(seed)
    with transaction.atomic():
        sync_roles()
        province, places = synthetic_province(communes, 12, name="Tỉnh Thử")
        officer = provision_user(
            username="bench_xa",
            password="bench-only-12",
            role_code="commune_officer",
            location=places[0][0],
        )
        admin = User.objects.create_superuser("bench_admin", password="bench-only-12")

    per_commune = children // communes
    planted: list[tuple[int, int]] = []  # (index of original, index of copy) in the commune
    for commune, villages in places:
        rows: list[dict] = []
        n_planted = round(per_commune * PLANTED_SHARE)
        for _ in range(per_commune - n_planted):
            rows.append(gen.child(villages))
        pairs = []
        for original_index in gen.rng.sample(range(len(rows)), n_planted):
            pairs.append((original_index, len(rows)))
            rows.append(gen.duplicate_of(rows[original_index], villages))
        with transaction.atomic():
            made = Child.objects.bulk_create(
                [
                    Child(
                        village=row["village"],
                        scope_path=row["village"].path,
                        full_name=row["full_name"],
                        name_normalized=normalize_name(row["full_name"]),
                        sex=row["sex"],
                        date_of_birth=row["date_of_birth"],
                        personal_id=row["personal_id"],
                    )
                    for row in rows
                ],
                batch_size=2000,
            )
            Carer.objects.bulk_create(
                [
                    Carer(
                        child_id=child.pk,
                        relationship="mother",
                        full_name=row["mother"],
                        name_normalized=normalize_name(row["mother"]),
                    )
                    for child, row in zip(made, rows, strict=True)
                    if row["mother"]
                ],
                batch_size=2000,
            )
        if commune == places[0][0]:
            planted = [(made[a].pk, made[b].pk) for a, b in pairs]
    return places[0][0], province, officer, admin, planted


def timed(user, root):
    """Run the report once (grants warmed up), return (pairs, seconds)."""
    from baovetreem.registry.duplicates import duplicate_pairs

    user.clear_grant_cache()
    user.scope_paths("registry.view_child")
    start = time.perf_counter()
    pairs = duplicate_pairs(user, root, limit=10**9)
    return pairs, time.perf_counter() - start


def main() -> None:
    """Build the throwaway database, time the report, print the figures, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=20_000, help="children in all")
    parser.add_argument("--communes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    with throwaway_database("bench_duplicates") as connection:
        start = time.perf_counter()
        commune, province, officer, admin, planted = build(args.children, args.communes, args.seed)
        built = time.perf_counter() - start
        in_commune = args.children // args.communes
        print(f"# duplicate report on {connection.vendor} — {machine()}")
        print(
            f"built {args.children:,} children in {args.communes} commune(s) of 12 villages "
            f"in {built:.1f} s ({len(planted)} planted duplicates in the first commune)"
        )
        rss_before = peak_rss_mb()
        pairs, seconds = timed(officer, commune)
        found = {frozenset((p.a_id, p.b_id)) for p in pairs}
        hits = sum(frozenset(pair) in found for pair in planted)
        print(
            f"commune of {in_commune:,} children (commune officer): duplicate_pairs() "
            f"{seconds:.2f} s, {len(pairs):,} pairs reported, {hits}/{len(planted)} planted "
            f"pairs found ({100 * hits / max(1, len(planted)):.0f} %), "
            f"{len(pairs) - hits:,} other pairs"
        )
        if args.communes > 1:
            pairs, seconds = timed(admin, province)
            print(
                f"province of {args.children:,} children: duplicate_pairs() {seconds:.2f} s, "
                f"{len(pairs):,} pairs reported"
            )
        print(
            f"peak RSS {rss_before:.0f} MB after building the data, {peak_rss_mb():.0f} MB after "
            "the report(s)"
        )


if __name__ == "__main__":
    main()
