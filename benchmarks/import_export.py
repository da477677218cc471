"""Import and export benchmarks for the register (run generate.py first). Prints figures.

    .venv/bin/python benchmarks/import_export.py --rows 100000

- import: a synthetic village-register .xlsx of N rows for the first benchmark commune, run
  through the import pipeline (the same code the background worker runs): rows validated per
  second, rows stored per second, peak RSS. Run with --rows 10000 too: flat memory means the
  peak RSS barely grows with N.
- export: the commune officer's scoped register written to .xlsx (streamed), rows per second
  and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from _django import machine, peak_rss_mb, setup


def make_sheet(path: Path, rows: int, seed: int = 11) -> None:
    from faker import Faker
    from openpyxl import Workbook

    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    surnames = [fake.last_name() for _ in range(100)]
    given = [fake.first_name() for _ in range(300)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("So")
    sheet.append(["SỔ THEO DÕI TRẺ EM (dữ liệu tổng hợp cho đo hiệu năng)"])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Thôn",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Họ tên cha",
            "Họ tên mẹ",
            "Nhóm HCĐB",
        ]
    )
    today = dt.date(2026, 11, 1)
    for n in range(1, rows + 1):
        born = today - dt.timedelta(days=rng.randint(30, 15 * 365))
        sheet.append(
            [
                n,
                f"T{rng.randint(1, 10):02d}",
                f"{rng.choice(surnames)} {fake.middle_name()} {rng.choice(given)}",
                born.strftime("%d/%m/%Y"),
                rng.choice(["Nam", "Nữ"]),
                "Kinh",
                f"{rng.choice(surnames)} Văn {rng.choice(given)}",
                f"{rng.choice(surnames)} Thị {rng.choice(given)}",
                "d" if rng.random() < 0.03 else "",
            ]
        )
    workbook.save(path)


def bench_import(rows: int) -> list[str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from baovetreem.accounts.models import User
    from baovetreem.imports import services
    from baovetreem.imports.base import get_importer
    from baovetreem.imports.models import ImportJob
    from baovetreem.imports.pipeline import run_job

    user = User.objects.get(username="bench_xa")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"so-{rows}.xlsx"
        make_sheet(path, rows)
        upload = SimpleUploadedFile(path.name, path.read_bytes())
    job = services.create_job(user, get_importer("registry.children"), upload, mode="valid_rows")
    ImportJob.objects.filter(pk=job.pk).update(status="validating")
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    run_job(job.pk)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    validate = (
        (job.finished_at - job.started_at).total_seconds()
        if job.finished_at and job.started_at
        else seconds
    )
    return [
        f"import {rows:,} rows (valid_rows mode): {job.stored_rows:,} stored, {job.error_rows:,} with errors, "
        f"{seconds:.1f} s in all = {rows / seconds:,.0f} rows/s validated and stored; "
        f"peak RSS {peak_rss_mb():.0f} MB (before {rss_before:.0f} MB)",
        f"  (job timestamps: {validate:.1f} s)",
    ]


def bench_validate_only(rows: int) -> str:
    """Validation pass alone (the all-or-nothing first pass), with a deliberately bad last row."""
    from baovetreem.accounts.models import User
    from baovetreem.core.tabular import read_table
    from baovetreem.imports.base import get_importer

    user = User.objects.get(username="bench_xa")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"so-{rows}.xlsx"
        make_sheet(path, rows)
        importer_cls = get_importer("registry.children")
        start = time.perf_counter()
        importer = importer_cls(user)
        with open(path, "rb") as fh:
            table = read_table(fh, path.name, importer_cls.columns)
            checked = errors = 0
            for number, values in table.rows:
                result = importer.validate_row(number, values)
                checked += 1
                errors += bool(result.errors)
        importer.finish_validation()
        seconds = time.perf_counter() - start
    return (
        f"validate {checked:,} rows: {seconds:.1f} s = {checked / seconds:,.0f} rows/s "
        f"({errors} rows with errors); peak RSS {peak_rss_mb():.0f} MB"
    )


def bench_export(n_communes: int = 10) -> str:
    """Export the register of ``n_communes`` communes (~10,000 children each) as one officer would."""
    from baovetreem.accounts.models import User
    from baovetreem.accounts.services import provision_user
    from baovetreem.locations.models import Level, Location
    from baovetreem.registry.exports import write_children_xlsx

    communes = Location.objects.filter(level=Level.COMMUNE, code__startswith="99").order_by("code")
    username = f"bench_{n_communes}xa"
    for commune in communes[1 : n_communes + 1]:  # the first commune gets the import's rows
        provision_user(
            username=username,
            password="bench-only-12",
            role_code="commune_officer",
            location=commune,
        )
    user = User.objects.get(username=username)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        start = time.perf_counter()
        written = write_children_xlsx(user, {"status": "all"}, path)
        seconds = time.perf_counter() - start
        size = path.stat().st_size / 1024 / 1024
    return (
        f"export {written:,} children of {n_communes} communes to .xlsx: {seconds:.1f} s = "
        f"{written / seconds:,.0f} rows/s, file {size:.1f} MB; peak RSS {peak_rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", default="validate,import,export")
    parser.add_argument("--export-communes", type=int, default=10)
    args = parser.parse_args()
    url = setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: it would be counted as the import's memory
    print(f"# import/export benchmarks on {url.split('@')[-1]} — {machine()}")
    wanted = set(args.only.split(","))
    if "validate" in wanted:
        print(bench_validate_only(args.rows))
    if "import" in wanted:
        for line in bench_import(args.rows):
            print(line)
    if "export" in wanted:
        print(bench_export(args.export_communes))


if __name__ == "__main__":
    main()
