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


def server_settings() -> str:
    """The PostgreSQL settings that move the figures most (empty on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')"
        )
        version, buffers = cursor.fetchone()
    return f"; PostgreSQL {version.split()[0]}, shared_buffers {buffers}"


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


def synthetic_province(communes: int, villages: int, name: str = "Tỉnh Thử Nghiệm"):
    """Province "99" with ``communes`` communes of ``villages`` villages each (synthetic).

    Returns (province, [(commune, [village, ...]), ...]); call inside a transaction.
    """
    from baovetreem.locations.models import Kind, Level, Location

    province = Location(level=Level.PROVINCE, kind=Kind.TINH, code="99", name=name)
    province.save()
    places = []
    for c in range(communes):
        commune = Location(
            level=Level.COMMUNE,
            kind=Kind.XA,
            code=f"99{c:03d}",
            name=f"Xã Thử {c + 1}",
            parent=province,
        )
        commune.save()
        units = []
        for v in range(villages):
            village = Location(
                level=Level.VILLAGE,
                kind=Kind.THON,
                code=f"T{v + 1:02d}",
                name=f"Thôn {v + 1}",
                parent=commune,
            )
            village.save()
            units.append(village)
        places.append((commune, units))
    return province, places


class throwaway_database:  # noqa: N801 (used as a context manager, like a function)
    """Django set up on a fresh test database of its own, dropped on exit.

    SQLite: in memory. PostgreSQL (DATABASE_URL): a database named ``<prefix>_<pid>``, never the
    test database other runs use at the same time.
    """

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __enter__(self):
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baovetreem.settings")
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import setup_test_environment

        if connection.vendor != "sqlite":
            connection.settings_dict["TEST"]["NAME"] = f"{self.prefix}_{os.getpid()}"
        setup_test_environment()
        self.old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        return connection

    def __exit__(self, *exc):
        from django.db import connection
        from django.test.utils import teardown_test_environment

        connection.creation.destroy_test_db(self.old_name, verbosity=0)
        teardown_test_environment()
