"""The working calendar (*lịch làm việc*) that deadlines are counted on.

The public-sector week is Monday-Friday; the exceptions (holidays, days swapped off, make-up
working Saturdays) are ``CalendarDay`` rows an administrator edits, because the government
announces them year by year. Everything here is pure date arithmetic over one cached snapshot of
those rows (``load_calendar``); the snapshot is dropped whenever a ``CalendarDay`` is saved or
deleted (signals connected in ``CoreConfig.ready``) and after ``CACHE_SECONDS`` at the latest,
since a save in one web or worker process does not reach the caches of the others.

Two kinds of period, per DOMAIN.md:

* days: the period starts the day *after* the event (Bộ luật Dân sự 2015 Đ.147), so a report
  received on day D with "5 working days" is due at the end of the 5th working day after D;
* hours: calendar hours from the time of receipt (the 12-hour emergency intervention), holidays
  included — a child at risk does not wait for Monday.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from baovetreem.core.models import CalendarDay, CalendarDayKind

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The longest a process may keep deadlines on a calendar another process has changed.
CACHE_SECONDS = 300

SATURDAY = 5

# The dates any input may hold: wide enough for every birth, decision and plan the system records,
# narrow enough that date arithmetic (a day later, a deadline, a review warning) cannot overflow.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def is_supported_date(day: dt.date) -> bool:
    """Whether ``day`` (or a datetime's day) lies within ``FIRST_DATE``..``LAST_DATE``."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return FIRST_DATE <= day <= LAST_DATE


@dataclass(frozen=True)
class WorkingCalendar:
    """The exceptions to the Monday-Friday week: days off and make-up working days."""

    days_off: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        """True when public offices work on ``day``."""
        if day in self.workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < SATURDAY


_lock = threading.Lock()
_cached: tuple[float, WorkingCalendar] | None = None


def load_calendar() -> WorkingCalendar:
    """The current calendar, read from the database at most once per ``CACHE_SECONDS``."""
    global _cached
    with _lock:
        if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
        rows = CalendarDay.objects.values_list("date", "kind")
        calendar = WorkingCalendar(
            days_off=frozenset(d for d, kind in rows if kind == CalendarDayKind.DAY_OFF),
            workdays=frozenset(d for d, kind in rows if kind == CalendarDayKind.WORKDAY),
        )
        _cached = (time.monotonic(), calendar)
        return calendar


def clear_cache(using: str | None = None, **kwargs) -> None:
    """Forget the cached calendar (a ``post_save``/``post_delete`` receiver of CalendarDay).

    Bulk writes (``QuerySet.update``, ``bulk_create``, migrations) send no signal: the
    ``CACHE_SECONDS`` expiry covers them, or call this directly after such a write.
    """
    _forget()
    if transaction.get_connection(using).in_atomic_block:
        # Forget again once the change is committed: another thread may have cached the old
        # rows between the save and the commit.
        transaction.on_commit(_forget, using=using)


def _forget() -> None:
    global _cached
    with _lock:
        _cached = None


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in Vietnam (23:59:59.999999, Asia/Ho_Chi_Minh).

    Deadlines are returned inclusive, as this last instant, rather than as the start of the next
    day (the exclusive bound it is computed from): a deadline then shows the right date when
    formatted, and "overdue" is simply ``now > due_at``.
    """
    next_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    return next_day - dt.timedelta(microseconds=1)


def local_date(moment: dt.datetime | dt.date) -> dt.date:
    """The date in Vietnam of an aware datetime (a date is returned as it is)."""
    if isinstance(moment, dt.datetime):
        return _aware(moment).astimezone(VIETNAM).date()
    return moment


def is_working_day(day: dt.date, *, calendar: WorkingCalendar | None = None) -> bool:
    """True when ``day`` is a working day: Monday-Friday unless a day off, a weekend day only
    when it is a make-up working day."""
    return (load_calendar() if calendar is None else calendar).is_working_day(day)


def add_working_days(
    start: dt.datetime | dt.date, n: int, *, calendar: WorkingCalendar | None = None
) -> dt.datetime:
    """The deadline ``n`` working days after the event at ``start``.

    Counting begins the day after the event's date in Vietnam (Bộ luật Dân sự 2015 Đ.147), so
    whether the event happened on a working day, a weekend or a holiday does not change the
    rule. Returns the *inclusive* end of the n-th working day, 23:59:59.999999 Asia/Ho_Chi_Minh
    (see ``end_of_day``); the exclusive bound is that plus one microsecond, 00:00 the next day.
    """
    if n < 1:
        raise ValueError("a period in working days is at least one day")
    calendar = load_calendar() if calendar is None else calendar
    day = local_date(start)
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return end_of_day(day)


def add_hours(start: dt.datetime, hours: int) -> dt.datetime:
    """The deadline ``hours`` calendar hours after ``start``, in Asia/Ho_Chi_Minh.

    Hours run through nights, weekends and holidays. Vietnam keeps no daylight saving time, so
    the result is also ``hours`` later on the wall clock; adding in UTC keeps that true whatever
    zone ``start`` comes in.
    """
    if hours < 0:
        raise ValueError("a period in hours cannot be negative")
    return (_aware(start).astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(VIETNAM)


def working_days_between(
    start: dt.date, end: dt.date, *, calendar: WorkingCalendar | None = None
) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    The same count as ``add_working_days``: ``working_days_between(d, add_working_days(d,
    n).date()) == n``. Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start, calendar=calendar)
    calendar = load_calendar() if calendar is None else calendar
    return sum(
        calendar.is_working_day(start + dt.timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    # A naive datetime has no place on a deadline: it would silently be read in the server's
    # zone, which is UTC on most hosts, and shift deadlines by seven hours.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("deadlines need a timezone-aware datetime")
    return moment
