"""Dates as the forms print them: local to Vietnam, "dd/mm/yyyy" in fields and the long
"ngày … tháng … năm …" of Nghị định 30/2020/NĐ-CP in headers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from baovetreem.core.calendar import VIETNAM


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, VIETNAM)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return local(value).date()
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    return None


def short_date(value) -> str:
    day = as_date(value)
    return f"{day:%d/%m/%Y}" if day else ""


def long_date(day: dt.date) -> str:
    """ "ngày 08 tháng 5 năm 2026": NĐ 30/2020 pads days below 10 and the months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
