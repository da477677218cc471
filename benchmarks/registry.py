"""Registry benchmarks on the generated province (run generate.py first). Prints figures.

    BENCH_DATABASE_URL=... .venv/bin/python benchmarks/registry.py [--only search,list]

- search: diacritic-insensitive name search through search_children(), scoped to the
  province user (all children) and to a commune officer; 100 queries each, p95.
- list: the register list page with filters (Django test client, full page render), p95.
"""

from __future__ import annotations

import argparse
import random
import time

from _django import machine, server_settings, setup, summary


def search_queries(rounds: int) -> list[str]:
    """The same ``rounds`` queries on every run over the same data (seeded): names of random
    children cut as people type them (given name, last two words or the full name), half of
    them without diacritics."""
    from baovetreem.core.text import normalize_name
    from baovetreem.registry.models import Child

    rng = random.Random(3)
    last = Child.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queries: list[str] = []
    while len(queries) < rounds and last:
        name = (
            Child.objects.filter(pk__gte=rng.randint(1, last))
            .order_by("pk")
            .values_list("full_name", flat=True)
            .first()
        )
        if not name:
            continue
        words = name.split()
        pick = rng.choice([" ".join(words[-2:]), words[-1], " ".join(words)])
        queries.append(normalize_name(pick) if rng.random() < 0.5 else pick)
    return queries


def bench_search(rounds: int) -> list[str]:
    from django.db import reset_queries

    from baovetreem.accounts.models import User
    from baovetreem.registry.models import Child
    from baovetreem.registry.search import search_children

    queries = search_queries(rounds)
    lines = []
    total = Child.objects.count()
    for username in ("bench_tinh", "bench_xa"):
        user = User.objects.get(username=username)
        for query in queries[:20]:  # warm the caches; not counted
            list(search_children(user, query).order_by("name_normalized")[:50])
        timings = []
        by_words: dict[str, list[float]] = {}
        for query in queries:
            user.clear_grant_cache()
            start = time.perf_counter()
            rows = list(search_children(user, query).order_by("name_normalized")[:50])
            elapsed = (time.perf_counter() - start) * 1000
            timings.append(elapsed)
            words = len(query.split())
            by_words.setdefault("1 word" if words == 1 else f"{min(words, 3)}+ words", []).append(
                elapsed
            )
            reset_queries()
            assert rows is not None
        scope = Child.objects.restrict(user, "view").count()
        lines.append(
            summary(
                f"search ({username}, {scope:,} of {total:,} children in scope, first page of 50)",
                timings,
            )
        )
        for shape in sorted(by_words):
            lines.append("    " + summary(shape.replace("2+", "2"), by_words[shape]))
    return lines


def bench_list(rounds: int) -> list[str]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from baovetreem.accounts.models import User
    from baovetreem.registry.models import Child, Group

    setup_test_environment()
    lines = []
    group = Group.objects.get(code="d")
    filters = [
        {},
        {"sex": "female", "age": "0-5"},
        {"group": group.pk},
        {"missing": "insurance"},
        {"q": "nguyen"},
        {"page": 5},
    ]
    for username in ("bench_xa", "bench_tinh"):
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        scope = Child.objects.restrict(user, "view").count()
        for params in filters:  # warm the caches; not counted
            client.get("/registry/", params, HTTP_HOST="127.0.0.1")
        timings = []
        for i in range(rounds):
            params = filters[i % len(filters)]
            start = time.perf_counter()
            response = client.get("/registry/", params, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        lines.append(
            summary(
                f"list page ({username}, {scope:,} children in scope, filters rotating)", timings
            )
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="search,list")
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    url = setup()
    from django.conf import settings

    settings.DEBUG = False
    print(f"# registry benchmarks on {url.split('@')[-1]} — {machine()}{server_settings()}")
    wanted = set(args.only.split(","))
    if "search" in wanted:
        for line in bench_search(args.rounds):
            print(line)
    if "list" in wanted:
        for line in bench_list(max(12, args.rounds // 2)):
            print(line)


if __name__ == "__main__":
    main()
