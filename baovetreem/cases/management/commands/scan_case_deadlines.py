"""manage.py scan_case_deadlines: raise the in-app alerts of case deadlines and escalate the
reports nobody opened within an hour."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from baovetreem.cases.notifications import escalate_unopened_reports
from baovetreem.cases.services import scan_deadlines


class Command(BaseCommand):
    help = (
        "Raise in-app alerts for overdue cases (12-hour emergency intervention, 5-working-day "
        "support plan), temporary separations ending within 2 days and reviews due, to the "
        "assigned workers and the commune's officers; never twice for the same deadline. "
        "Escalates to the commune's supervisors each report nobody working on it opened "
        "within an hour of receipt, once per report. "
        "Run it every few minutes, from cron or the task worker "
        "(e.g. */5 * * * * manage.py scan_case_deadlines)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Scan as of this ISO time with its zone (for tests and replays), e.g. "
            "2026-05-06T09:00+07:00.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now: {exc}") from exc
            if timezone.is_naive(now):
                raise CommandError("--now needs a time zone, e.g. +07:00.")
        created = scan_deadlines(now)
        escalated = escalate_unopened_reports(now)
        self.stdout.write(f"{created} alert(s) raised, {escalated} unopened report(s) escalated.")
