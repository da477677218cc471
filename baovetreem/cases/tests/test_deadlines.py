"""The deadline scan raises alerts once, to the assigned workers and the commune's officers."""

import datetime as dt

from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from baovetreem.cases import services
from baovetreem.cases.home import cases_badge, cases_home_cards
from baovetreem.cases.models import Alert, AlertKind, CaseState
from baovetreem.cases.tests.conftest import open_case, received, step

AFTER_PLAN_DUE = received(dt.date(2026, 5, 20))


# The alerts of deadlines (a new report and an assignment alert too: test_notifications.py).
DEADLINE_KINDS = [
    AlertKind.EMERGENCY_OVERDUE,
    AlertKind.PLAN_OVERDUE,
    AlertKind.SEPARATION_ENDING,
    AlertKind.REVIEW_DUE,
]


def _alerted(kind=None):
    alerts = Alert.objects.filter(kind__in=DEADLINE_KINDS)
    if kind:
        alerts = alerts.filter(kind=kind)
    return sorted(a.user.username for a in alerts)


def test_scan_alerts_the_assigned_worker_and_the_commune_officers_once(world, case):
    services.assign(world.xa1, case, world.canbo)
    assert services.scan_deadlines(received(dt.date(2026, 4, 30))) == 0
    assert services.scan_deadlines(AFTER_PLAN_DUE) == 3
    assert _alerted() == ["canbo", "giamsat", "xa1"]
    kinds = Alert.objects.filter(kind__in=DEADLINE_KINDS).values_list("kind", flat=True)
    assert set(kinds) == {AlertKind.PLAN_OVERDUE}
    assert case.code in Alert.objects.first().message
    assert services.scan_deadlines(AFTER_PLAN_DUE + dt.timedelta(minutes=5)) == 0
    # Reading an alert does not bring it back at the next scan.
    Alert.objects.filter(user=world.canbo).update(read_at=AFTER_PLAN_DUE)
    assert services.scan_deadlines(AFTER_PLAN_DUE + dt.timedelta(minutes=10)) == 0


def test_scan_leaves_other_communes_collaborators_and_province_alone(world, case):
    open_case(world.xa2, world.V2a)
    services.scan_deadlines(AFTER_PLAN_DUE)
    assert _alerted() == ["giamsat", "xa1", "xa2"]
    assert not Alert.objects.filter(user__username__in=["ctv1", "canbo", "tinh", "xa3"]).exists()


def test_emergency_overdue_is_its_own_alert(world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    services.scan_deadlines(received(dt.date(2026, 4, 30)))  # 24 hours later
    assert _alerted(AlertKind.EMERGENCY_OVERDUE) == ["giamsat", "xa1"]
    assert not Alert.objects.filter(kind=AlertKind.PLAN_OVERDUE).exists()
    assert case.code in Alert.objects.first().message


def test_closed_and_approved_cases_raise_nothing(world, case):
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    for state in (CaseState.DETAILED_ASSESSMENT, CaseState.PLANNING):
        case = step(world.xa1, case, state)
    case = step(world.giamsat, case, CaseState.APPROVED)
    assert services.scan_deadlines(timezone.now() + dt.timedelta(days=30)) == 0


def _separated(world):
    case = open_case(world.xa1, world.V1a, suspected_relationship="father")
    case = step(world.xa1, case, CaseState.VERIFIED)
    case = step(
        world.xa1, case, CaseState.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency"
    )
    return step(world.xa1, case, CaseState.EMERGENCY, separation_days=10)


def test_intervention_records_the_temporary_separation(world):
    case = _separated(world)
    assert case.separation_started_at is not None
    assert case.separation_ends_at - case.separation_started_at == dt.timedelta(days=10)


def test_separation_ending_within_two_days_raises_an_alert(world):
    case = _separated(world)
    start = case.separation_started_at
    services.scan_deadlines(start + dt.timedelta(days=5))
    assert not Alert.objects.filter(kind=AlertKind.SEPARATION_ENDING).exists()
    services.scan_deadlines(start + dt.timedelta(days=8, hours=1))
    assert _alerted(AlertKind.SEPARATION_ENDING) == ["giamsat", "xa1"]
    services.scan_deadlines(start + dt.timedelta(days=9))
    assert Alert.objects.filter(kind=AlertKind.SEPARATION_ENDING).count() == 2


def test_command_scans(world, case, capsys):
    call_command("scan_case_deadlines", "--now", "2026-05-20T10:00+07:00")
    assert "2 alert(s)" in capsys.readouterr().out


def test_alerts_page_shows_only_my_alerts_and_marks_them_read(client_for, world, case):
    services.scan_deadlines(AFTER_PLAN_DUE)
    mine = Alert.objects.get(user=world.xa1)
    response = client_for("xa1").get("/cases/alerts/")
    assert list(response.context["page"]) == [mine]
    assert list(client_for("xa2").get("/cases/alerts/").context["page"]) == []
    client_for("xa2").post("/cases/alerts/", {"alert": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None  # not theirs
    client_for("xa1").post("/cases/alerts/", {"alert": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert not Alert.objects.get(user=world.giamsat, kind=AlertKind.PLAN_OVERDUE).read_at


def test_counters_for_the_navigation(world, case):
    services.scan_deadlines(AFTER_PLAN_DUE)
    request = RequestFactory().get("/")
    request.user = world.xa1
    badge = cases_badge(request)
    assert badge.count == 1  # the unread alert, before the overdue count
    assert "1 " in badge.title
    cards = {card.url: card.count for card in cases_home_cards(request)}
    assert cards["/cases/alerts/"] == 1
    assert cards["/cases/overdue/"] == 1  # received 29/4/2026, long past its plan deadline
    request = RequestFactory().get("/")
    request.user = world.ctv1
    assert cases_badge(request) is None and cases_home_cards(request) == []


def test_badge_shows_in_the_navigation(client_for, case):
    services.scan_deadlines(AFTER_PLAN_DUE)
    page = client_for("xa1").get("/cases/alerts/").content.decode()
    assert 'class="badge off"' in page.split("</nav>")[0]
    assert "&lt;span" not in page  # the badge is markup, not escaped text


def test_review_date_of_the_plan_raises_a_review_alert(world, case):
    for state in (
        CaseState.VERIFIED,
        CaseState.INITIAL_ASSESSMENT,
        CaseState.DETAILED_ASSESSMENT,
        CaseState.PLANNING,
    ):
        case = step(world.xa1, case, state)  # the plan sets the review on 1/8/2026
    case = step(world.giamsat, case, CaseState.APPROVED)
    case = step(world.xa1, case, CaseState.IMPLEMENTING)
    services.scan_deadlines(received(dt.date(2026, 7, 20)))
    assert not Alert.objects.filter(kind=AlertKind.REVIEW_DUE).exists()
    services.scan_deadlines(received(dt.date(2026, 7, 31)))
    assert _alerted(AlertKind.REVIEW_DUE) == ["giamsat", "xa1"]
    assert "01/08/2026" in Alert.objects.filter(kind=AlertKind.REVIEW_DUE).first().message
