"""The 12-hour emergency deadline shows with the time left wherever a case is listed (case
list, the worker's queue, the home cards); the plan deadline stops showing once approved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from baovetreem.cases import services
from baovetreem.cases.models import CaseState
from baovetreem.cases.progress import time_left
from baovetreem.cases.tests.conftest import open_case, step

S = CaseState
NOW = dt.datetime(2026, 5, 6, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (200, "còn 3 giờ 20 phút"),
        (180, "còn 3 giờ"),
        (45, "còn 45 phút"),
        (0, "đến hạn ngay bây giờ"),
        (-120, "quá hạn 2 giờ"),
        (-125, "quá hạn 2 giờ 5 phút"),
        (-(26 * 60 + 7), "quá hạn 1 ngày 2 giờ"),
    ],
)
def test_time_left_reads_as_hours_and_minutes(minutes, text):
    left = time_left(NOW + dt.timedelta(minutes=minutes), NOW)
    assert str(left) == text
    assert left.late is (minutes < 0)


def _row(html: str, code: str) -> str:
    """The table row of the case ``code`` in a list page."""
    match = re.search(rf"<tr>(?:(?!</tr>).)*{code}(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, f"{code} not listed"
    return match.group(0)


def _emergency(world, minutes_left: int, location=None):
    """A report naming the father (12-hour emergency) received so that ``minutes_left`` remain,
    and half a minute more on the same side, so that the page reads that whole minute."""
    received_at = timezone.now() - dt.timedelta(hours=12) + dt.timedelta(minutes=minutes_left)
    return open_case(
        world.xa1,
        location or world.V1a,
        received_at=received_at + dt.timedelta(seconds=30 if minutes_left >= 0 else -30),
        suspected_relationship="father",
    )


def test_case_list_shows_the_emergency_time_left_the_assignee_and_the_risk(client_for, world):
    case = _emergency(world, 200)
    services.assign(world.xa1, case, world.canbo)
    case = step(world.xa1, case, S.VERIFIED)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    late = _emergency(world, -120, world.V1b)
    html = client_for("giamsat").get("/cases/").content.decode()
    row = _row(html, case.code)
    assert "còn 3 giờ 20 phút" in row
    assert "Cao" in row  # risk level
    assert "Người thử canbo" in row
    assert "Người phụ trách" in html and "Mức độ nguy cơ" in html
    assert "quá hạn 2 giờ" in _row(html, late.code)


def test_plan_deadline_stops_showing_once_the_plan_is_approved(client_for, world, case):
    for state in (S.VERIFIED, S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT, S.PLANNING):
        case = step(world.xa1, case, state)
    due = f"{timezone.localtime(case.plan_due_at):%d/%m/%Y}"
    assert due in _row(client_for("giamsat").get("/cases/").content.decode(), case.code)
    case = step(world.giamsat, case, S.APPROVED)
    row = _row(client_for("giamsat").get("/cases/").content.decode(), case.code)
    assert due not in row
    detail = client_for("giamsat").get(f"/cases/{case.pk}/").content.decode()
    assert "Thời hạn lập kế hoạch hỗ trợ" not in detail
    assert "Kế hoạch hỗ trợ được phê duyệt ngày" in detail


def test_emergency_deadline_is_gone_once_the_intervention_is_made(client_for, world):
    case = _emergency(world, 200)
    for state in (S.VERIFIED,):
        case = step(world.xa1, case, state)
    case = step(world.xa1, case, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    assert "còn 3 giờ 20 phút" in _row(client_for("xa1").get("/cases/").content.decode(), case.code)
    case = step(world.xa1, case, S.EMERGENCY)
    row = _row(client_for("xa1").get("/cases/").content.decode(), case.code)
    assert 'class="emergency-left">—</td>' in row
    assert "còn" not in row and "quá hạn" not in row


def test_home_cards_list_each_emergency_with_its_time_left(client_for, world):
    soon = _emergency(world, 200)
    late = _emergency(world, -120, world.V1b)
    html = client_for("xa1").get("/").content.decode()
    assert re.search(rf"{soon.code}</a> <span[^>]*>còn 3 giờ 20 phút", html)
    assert re.search(rf"{late.code}</a> <span[^>]*>can thiệp khẩn cấp: quá hạn 2 giờ", html)


def test_my_cases_lists_the_open_cases_assigned_to_me_most_urgent_first(client_for, world):
    later = _emergency(world, 600)
    sooner = _emergency(world, 30)
    no_emergency = open_case(world.xa1, world.V1a)
    other = _emergency(world, 10)  # not assigned to canbo
    for case in (later, no_emergency, sooner):
        services.assign(world.xa1, case, world.canbo)
    response = client_for("canbo").get("/cases/mine/")
    assert [c.pk for c in response.context["page"]] == [sooner.pk, later.pk, no_emergency.pk]
    assert other.pk not in [c.pk for c in response.context["page"]]
    assert "còn 30 phút" in _row(response.content.decode(), sooner.code)


def test_who_reads_only_the_report_sees_no_deadline(client_for, world):
    case = services.receive_report(
        world.tongdai,
        {
            "received_at": timezone.now() - dt.timedelta(hours=2, seconds=-30),
            "channel": "hotline_111",
            "classification": "abused",
            "what_happened": "Trẻ bị cha đánh.",
            "suspected_relationship": "father",
        },
        location=world.V1a,
    )
    officer_row = _row(client_for("xa1").get("/cases/").content.decode(), case.code)
    assert "còn 10 giờ" in officer_row
    row = _row(client_for("tongdai").get("/cases/").content.decode(), case.code)
    assert "còn" not in row and "quá hạn" not in row
