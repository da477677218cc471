"""Time the case deadline scan and the case list page over many open cases. Prints figures.

    .venv/bin/python benchmarks/cases_overdue.py --cases 50000 [--communes 10] [--rounds 30]

Builds its own throwaway database (Django's test-database machinery on the database chosen by
DATABASE_URL: SQLite in memory by default, or a separate `bench_cases_<pid>` PostgreSQL database,
dropped at the end), fills it with ``--cases`` synthetic open cases (bulk_create) spread over
``--communes`` communes of one province, each assigned to its commune's case worker, about 60 %
past their plan deadline, 10 % past the 12-hour emergency deadline and 2 % with a temporary
separation ending within two days; then times ``scan_deadlines`` (first run, raising the alerts,
and a second run, raising none), the case list and the overdue list as the commune officer (with
their query counts on several pages, which must not grow), and the navigation counters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _django import machine, peak_rss_mb, summary, synthetic_province, throwaway_database

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def build(cases: int, communes: int, seed: int):
    """Create the province, communes, users and the open cases; return the first officer."""
    from django.db import transaction

    from baovetreem.accounts.roles import sync_roles
    from baovetreem.accounts.services import provision_user
    from baovetreem.cases.models import Case, CaseAssignment, CaseState, Report

    rng = random.Random(seed)
    with transaction.atomic():
        sync_roles()
        _province, units = synthetic_province(communes, 5, name="Tỉnh Thử")
        places = []
        for c, (commune, villages) in enumerate(units):
            users = {
                role: provision_user(
                    username=f"bench_{role}_{c}",
                    password="bench-only-12",
                    role_code=role,
                    location=commune,
                )
                for role in ("commune_officer", "case_worker", "case_supervisor")
            }
            places.append((commune, villages, users))

    states = [s for s in CaseState.values if s != CaseState.CLOSED]
    per_commune = cases // communes
    number = 0
    for _commune, villages, users in places:
        reports, rows = [], []
        for _ in range(per_commune):
            number += 1
            received = NOW - dt.timedelta(hours=rng.randint(1, 24 * 120))
            village = rng.choice(villages)
            emergency = rng.random() < 0.15
            reports.append(
                Report(
                    received_at=received,
                    channel="hotline_111",
                    received_by=users["commune_officer"],
                    location=village,
                    classification="abused",
                    child_name=f"Trẻ {number}",
                    what_happened="Dữ liệu thử.",
                )
            )
            plan_due = received + dt.timedelta(days=7)
            overdue_plan = rng.random() < 0.6
            separation = rng.random() < 0.02
            rows.append(
                dict(
                    code=f"BVTE-B-{number:07d}",
                    location=village,
                    scope_path=village.path,
                    state=rng.choice(states),
                    emergency_needed=emergency,
                    emergency_due_at=received + dt.timedelta(hours=12),
                    intervened_at=None if rng.random() < 0.66 else received,
                    plan_due_at=plan_due if overdue_plan else NOW + dt.timedelta(days=3),
                    approved_at=None,
                    separation_started_at=NOW - dt.timedelta(days=13) if separation else None,
                    separation_ends_at=NOW + dt.timedelta(days=1) if separation else None,
                )
            )
        with transaction.atomic():
            made = Report.objects.bulk_create(reports, batch_size=2000)
            case_rows = Case.objects.bulk_create(
                [Case(report_id=r.pk, **row) for r, row in zip(made, rows, strict=True)],
                batch_size=2000,
            )
            CaseAssignment.objects.bulk_create(
                [
                    CaseAssignment(case_id=c.pk, user=users["case_worker"], role="worker")
                    for c in case_rows
                ],
                batch_size=2000,
            )
    return places[0][2]["commune_officer"]


def bench_pages(officer, rounds: int) -> list[str]:
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from baovetreem.cases.home import overdue_cases, unread_alerts
    from baovetreem.cases.models import Case

    client = Client()
    client.force_login(officer)
    lines = []
    in_scope = Case.objects.visible_to(officer).count()
    for url, params in (("/cases/", {}), ("/cases/overdue/", {})):
        counts = []
        for page in (1, 2, 5, 20):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, {**params, "page": page}, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.status_code
            counts.append(len(ctx.captured_queries))
        timings = []
        for i in range(rounds):
            start = time.perf_counter()
            client.get(url, {"page": 1 + i % 5}, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        lines.append(
            summary(f"{url} as commune officer ({in_scope:,} cases in scope)", timings)
            + f"; queries on pages 1/2/5/20: {'/'.join(map(str, counts))}"
        )
    request = RequestFactory().get("/")
    request.user = officer
    request.resolver_match = None
    timings = []
    for _ in range(rounds):
        request.__dict__.pop("_case_counts", None)  # counted once per request, as a page does
        start = time.perf_counter()
        alerts, overdue = unread_alerts(request), overdue_cases(request)
        timings.append((time.perf_counter() - start) * 1000)
    lines.append(
        summary("navigation counters (unread alerts, overdue visible cases)", timings)
        + f"; {alerts:,} alerts, {overdue:,} overdue"
    )
    return lines


def main() -> None:
    """Build the throwaway database, time the scan and the pages, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=50_000, help="open cases in all")
    parser.add_argument("--communes", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    with throwaway_database("bench_cases") as connection:
        from baovetreem.cases.models import Alert, Case
        from baovetreem.cases.services import scan_deadlines

        start = time.perf_counter()
        officer = build(args.cases, args.communes, args.seed)
        built = time.perf_counter() - start
        print(f"# case deadline scan on {connection.vendor} — {machine()}")
        overdue = Case.objects.overdue(NOW).count()
        print(
            f"built {Case.objects.open().count():,} open cases in {args.communes} communes "
            f"in {built:.1f} s; {overdue:,} overdue at the scan time"
        )
        start = time.perf_counter()
        raised = scan_deadlines(NOW)
        first = time.perf_counter() - start
        print(f"scan_deadlines(), first run: {first:.2f} s, {raised:,} alerts raised")
        start = time.perf_counter()
        again = scan_deadlines(NOW)
        second = time.perf_counter() - start
        print(
            f"scan_deadlines(), run again (nothing new due): {second:.2f} s, {again:,} raised "
            f"({Alert.objects.count():,} alerts stored)"
        )
        for line in bench_pages(officer, args.rounds):
            print(line)
        print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
