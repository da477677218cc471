"""Shared set-up for benchmark scripts: Django on the benchmark database, migrated.

The benchmark database is separate from the demo and test databases:
- PostgreSQL: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/baovetreem_bench
  (created when missing);
- SQLite: BENCH_DATABASE_URL=sqlite:///var/bench.sqlite3.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/baovetreem_bench"


def setup(url: str | None = None) -> str:
    """Point Django at the benchmark database (creating and migrating it) and return its URL."""
    url = url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baovetreem.settings")
    if url.startswith("postgres"):
        _create_pg_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _create_pg_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def machine() -> str:
    """One line describing where the figures come from."""
    cpus = os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return f"{platform.node()} ({platform.machine()}, {cpus} cores{mem}), Python {platform.python_version()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(name: str, timings_ms: list[float]) -> str:
    return (
        f"{name}: n={len(timings_ms)} median={statistics.median(timings_ms):.1f} ms "
        f"p95={percentile(timings_ms, 95):.1f} ms max={max(timings_ms):.1f} ms"
    )


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
