"""The working calendar: deadlines in working days and in hours, over the seeded 2025-2027 days."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from baovetreem.core import calendar
from baovetreem.core.calendar import (
    WorkingCalendar,
    add_hours,
    add_working_days,
    is_working_day,
    working_days_between,
)
from baovetreem.core.models import CalendarDay

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # A test's rows are rolled back without a post_delete signal: never keep a calendar that
    # an earlier test loaded.
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def due_date(start, n: int) -> dt.date:
    return add_working_days(start, n).date()


# --- The seeded calendar -------------------------------------------------------------------


def _seeded(year: int, kind: str) -> set[dt.date]:
    return set(
        CalendarDay.objects.filter(date__year=year, kind=kind).values_list("date", flat=True)
    )


def test_2025_and_2026_are_seeded_exactly_as_announced(db):
    assert _seeded(2025, "day_off") == {
        D(2025, 1, 1),
        *(D(2025, 1, d) for d in range(27, 32)),
        D(2025, 4, 7),
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 5, 2),
        D(2025, 9, 1),
        D(2025, 9, 2),
    }
    assert _seeded(2025, "workday") == {D(2025, 4, 26)}
    assert _seeded(2026, "day_off") == {
        D(2026, 1, 1),
        D(2026, 1, 2),
        *(D(2026, 2, d) for d in range(16, 21)),
        D(2026, 4, 27),
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 8, 31),
        D(2026, 9, 1),
        D(2026, 9, 2),
    }
    assert _seeded(2026, "workday") == {D(2026, 1, 10), D(2026, 8, 22)}
    assert not CalendarDay.objects.filter(date__year__lte=2026, is_provisional=True).exists()


def test_2027_is_provisional_from_the_law(db):
    days = CalendarDay.objects.filter(date__year=2027)
    assert {day.date for day in days} == {
        D(2027, 1, 1),
        *(D(2027, 2, d) for d in (4, 5, 8, 9, 10)),  # Tết: Mùng 1 is Saturday 6/2
        D(2027, 4, 16),  # Giỗ Tổ, 10/3 âm lịch
        D(2027, 4, 30),
        D(2027, 5, 3),  # 1/5 is a Saturday: taken on Monday (Đ.111 k.3)
        D(2027, 9, 2),
        D(2027, 9, 3),
    }
    assert all(day.is_provisional and day.kind == "day_off" for day in days)
    assert all("Đ.112" in day.source for day in days)
    assert "5 ngày làm việc" in days.get(date=D(2027, 2, 4)).source


def test_24_november_is_not_seeded_while_only_planned(db):
    assert not CalendarDay.objects.filter(date__month=11, date__day=24).exists()
    assert is_working_day(D(2026, 11, 24))


def test_seeded_exceptions_all_change_something(db):
    # Every day off is a weekday and every make-up day a weekend day (``CalendarDay.clean``).
    for day in CalendarDay.objects.all():
        day.full_clean()


# --- Working-day deadlines -----------------------------------------------------------------


def test_report_on_29_april_2026_is_due_after_30_4_1_5_and_the_weekend(db):
    # Thu 30/4 and Fri 1/5 off, Sat 2/5 and Sun 3/5 weekend: Mon 4/5 is day 1, Fri 8/5 day 5.
    assert due_date(D(2026, 4, 29), 5) == D(2026, 5, 8)


def test_deadline_is_the_last_instant_of_the_day_in_vietnam(db):
    due = add_working_days(D(2026, 4, 29), 5)
    assert due == dt.datetime(2026, 5, 8, 23, 59, 59, 999999, tzinfo=VN)
    assert due.utcoffset() == dt.timedelta(hours=7)
    # The exclusive bound: one microsecond later is the start of the next day.
    assert due + dt.timedelta(microseconds=1) == dt.datetime(2026, 5, 9, tzinfo=VN)


def test_the_event_day_is_its_date_in_vietnam_not_in_utc(db):
    # 16:59 UTC on 29/4 is 23:59 in Hà Nội: still 29/4.
    assert due_date(dt.datetime(2026, 4, 29, 16, 59, tzinfo=dt.UTC), 5) == D(2026, 5, 8)
    # 17:00 UTC on Thu 7/5 is midnight on Fri 8/5 in Hà Nội: counting starts on Mon 11/5.
    assert due_date(dt.datetime(2026, 5, 7, 16, 59, tzinfo=dt.UTC), 5) == D(2026, 5, 14)
    assert due_date(dt.datetime(2026, 5, 7, 17, 0, tzinfo=dt.UTC), 5) == D(2026, 5, 15)
    assert due_date(dt.datetime(2026, 4, 29, 9, 30, tzinfo=VN), 5) == D(2026, 5, 8)


def test_naive_datetimes_are_refused(db):
    with pytest.raises(ValueError):
        add_working_days(dt.datetime(2026, 4, 29, 9, 0), 5)
    with pytest.raises(ValueError):
        add_hours(dt.datetime(2026, 4, 29, 9, 0), 12)


def test_a_period_is_at_least_one_working_day(db):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 4, 29), 0)


def test_deadline_across_tet_2026(db):
    # Fri 13/2; 14-15 weekend; 16-20/2 Tết; 21-22 weekend; Mon 23/2 is day 1.
    assert due_date(D(2026, 2, 13), 5) == D(2026, 2, 27)
    # Received on Mùng 1 (17/2): the next working day is still Monday 23/2.
    assert due_date(D(2026, 2, 17), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 22)) == 0


def test_make_up_saturdays_of_2026_are_working_days(db):
    assert is_working_day(D(2026, 1, 10))
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 1, 17))  # an ordinary Saturday
    # Wed 31/12/2025: 1-2/1 off, 3-4/1 weekend, Mon 5/1 - Fri 9/1 are days 1-5, Sat 10/1 day 6.
    assert due_date(D(2025, 12, 31), 5) == D(2026, 1, 9)
    assert due_date(D(2025, 12, 31), 6) == D(2026, 1, 10)
    assert due_date(D(2025, 12, 31), 7) == D(2026, 1, 12)
    # Thu 20/8: Fri 21/8 day 1, Sat 22/8 day 2.
    assert due_date(D(2026, 8, 20), 2) == D(2026, 8, 22)
    # Fri 28/8: weekend, then 31/8, 1/9, 2/9 off: Thu 3/9.
    assert due_date(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_2026_gio_to_on_a_sunday_is_taken_on_monday(db):
    assert not is_working_day(D(2026, 4, 27))
    assert due_date(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_deadlines_in_2025(db):
    # Fri 24/1/2025: weekend, Tết 27-31/1, weekend; Mon 3/2 - Fri 7/2 are days 1-5.
    assert due_date(D(2025, 1, 24), 5) == D(2025, 2, 7)
    # Sat 26/4/2025 was worked (for 2/5): it counts.
    assert due_date(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert due_date(D(2025, 4, 25), 2) == D(2025, 4, 28)
    # Tue 29/4/2025: 30/4, 1/5, 2/5 off, weekend: Mon 5/5.
    assert due_date(D(2025, 4, 29), 1) == D(2025, 5, 5)
    # Giỗ Tổ, Mon 7/4/2025.
    assert due_date(D(2025, 4, 4), 1) == D(2025, 4, 8)
    # Quốc khánh, Mon 1/9 and Tue 2/9/2025.
    assert due_date(D(2025, 8, 29), 5) == D(2025, 9, 9)


def test_start_on_a_weekend_counts_from_the_next_day(db):
    assert due_date(D(2026, 5, 2), 1) == D(2026, 5, 4)  # Saturday
    assert due_date(D(2026, 5, 3), 1) == D(2026, 5, 4)  # Sunday


def test_working_days_between(db):
    assert working_days_between(D(2026, 4, 29), D(2026, 5, 8)) == 5
    assert working_days_between(D(2026, 5, 8), D(2026, 4, 29)) == -5
    assert working_days_between(D(2026, 4, 29), D(2026, 4, 29)) == 0
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 10)) == 6


def test_adding_24_november_is_a_data_change_that_moves_deadlines(db):
    # Mon 23/11/2026 with 5 working days: Tue 24 - Fri 27 and Mon 30/11.
    assert due_date(D(2026, 11, 23), 5) == D(2026, 11, 30)
    day = CalendarDay.objects.create(
        date=D(2026, 11, 24),
        kind=CalendarDay.Kind.DAY_OFF,
        name="Ngày Văn hóa Việt Nam",
        source="Nghị quyết 80-NQ/TW",
    )
    # The cached calendar was dropped by post_save: Tue 1/12 is now the 5th working day.
    assert not is_working_day(D(2026, 11, 24))
    assert due_date(D(2026, 11, 23), 5) == D(2026, 12, 1)
    day.delete()  # post_delete drops it again
    assert due_date(D(2026, 11, 23), 5) == D(2026, 11, 30)


def test_a_calendar_cached_before_the_commit_is_dropped_at_the_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D(2026, 11, 24), kind="day_off", name="Ngày Văn hóa")
        # Another thread read the calendar before this transaction committed.
        calendar._cached = (time.monotonic(), WorkingCalendar())
    assert not is_working_day(D(2026, 11, 24))


def test_the_calendar_is_read_once_while_nothing_changes(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2026, 4, 29), 5)
        add_working_days(D(2026, 2, 13), 5)
        is_working_day(D(2026, 1, 10))


# --- Hour deadlines ------------------------------------------------------------------------


def test_12_hours_run_across_midnight_and_holidays():
    received = dt.datetime(2026, 4, 29, 20, 0, tzinfo=VN)
    assert add_hours(received, 12) == dt.datetime(2026, 4, 30, 8, 0, tzinfo=VN)  # 30/4 is off
    noon = dt.datetime(2026, 5, 2, 12, 0, tzinfo=VN)  # a Saturday
    assert add_hours(noon, 12) == dt.datetime(2026, 5, 3, 0, 0, tzinfo=VN)


def test_12_hours_are_given_in_vietnam_time_whatever_the_input_zone():
    received = dt.datetime(2026, 4, 29, 13, 0, tzinfo=dt.UTC)  # 20:00 in Hà Nội
    due = add_hours(received, 12)
    assert due.tzinfo == VN
    assert (due.date(), due.time()) == (D(2026, 4, 30), dt.time(8, 0))


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2028, 12, 31)))
def test_vietnam_has_no_daylight_saving_so_12_hours_are_12_on_the_wall_clock(wall):
    received = wall.replace(tzinfo=VN)
    due = add_hours(received, 12)
    assert due.utcoffset() == received.utcoffset() == dt.timedelta(hours=7)
    assert due.replace(tzinfo=None) - wall == dt.timedelta(hours=12)


# --- The model and the admin ---------------------------------------------------------------


def test_a_make_up_day_on_a_weekday_is_refused(db):
    day = CalendarDay(date=D(2026, 11, 24), kind="workday", name="x")
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert "kind" in error.value.message_dict


def test_a_day_off_on_a_weekend_is_refused(db):
    day = CalendarDay(date=D(2026, 11, 28), kind="day_off", name="x")
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert "date" in error.value.message_dict


def test_administrators_list_and_add_calendar_days_in_the_admin(admin_client):
    response = admin_client.get("/django-admin/core/calendarday/")
    assert response.status_code == 200
    assert "Tết Nguyên đán Bính Ngọ" in response.content.decode()
    assert admin_client.get("/django-admin/core/calendarday/add/").status_code == 200


# --- Properties ----------------------------------------------------------------------------

starts = st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 11, 30))
periods = st.integers(min_value=1, max_value=40)
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


def _check_deadline_rules(start: dt.date, n: int, cal: WorkingCalendar | None) -> None:
    result = add_working_days(start, n, calendar=cal)
    due = result.date()
    real = cal if cal is not None else calendar.load_calendar()
    # By definition: the n-th working day after the event's date.
    following = (start + dt.timedelta(days=k) for k in range(1, 400))
    assert due == [d for d in following if real.is_working_day(d)][n - 1]
    assert is_working_day(due, calendar=cal)
    assert working_days_between(start, due, calendar=cal) == n
    assert due.weekday() < 5 or due in real.workdays
    assert result < add_working_days(start, n + 1, calendar=cal)
    # A report received any time on that day, in Vietnam, has the same deadline.
    late_evening = dt.datetime.combine(start, dt.time(23, 59), tzinfo=VN)
    assert add_working_days(late_evening, n, calendar=cal) == result


def _check_non_working_start(start: dt.date, n: int, cal: WorkingCalendar | None) -> None:
    # Days off between the last working day and the event add nothing: the period is the same
    # as for an event on that last working day.
    assume(not is_working_day(start, calendar=cal))
    before = start
    while not is_working_day(before, calendar=cal):
        before -= dt.timedelta(days=1)
    assert add_working_days(start, n, calendar=cal) == add_working_days(before, n, calendar=cal)


@fixture_ok
@given(start=starts, n=periods)
def test_deadlines_on_the_seeded_calendar_follow_the_rules(db, start, n):
    _check_deadline_rules(start, n, None)


@fixture_ok
@given(start=starts, n=periods)
def test_events_on_seeded_holidays_and_weekends_count_from_the_next_day(db, start, n):
    _check_non_working_start(start, n, None)


span = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 3, 31))
calendars = st.builds(
    WorkingCalendar,
    days_off=st.frozensets(span.filter(lambda d: d.weekday() < 5), max_size=30),
    workdays=st.frozensets(span.filter(lambda d: d.weekday() >= 5), max_size=8),
)
start_in_span = st.dates(min_value=D(2025, 12, 20), max_value=D(2026, 3, 31))


@given(cal=calendars, start=start_in_span, n=periods)
def test_deadlines_on_any_calendar_follow_the_rules(cal, start, n):
    _check_deadline_rules(start, n, cal)


@given(cal=calendars, start=start_in_span, n=periods)
def test_events_on_any_non_working_day_count_from_the_next_day(cal, start, n):
    _check_non_working_start(start, n, cal)
