"""A new report reaches a worker: the commune's officers are alerted on receipt (in the app, and
by e-mail after the commit when there is an address and a mail server), the person assigned
hears of it, and a report nobody opens within an hour is escalated once to the supervisor."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Alert, AlertKind, Case
from baovetreem.cases.tests.conftest import open_case, received, report_data

T = received()  # 29/04/2026 10:00 in Vietnam


@pytest.fixture
def mail_server(settings):
    settings.CASE_ALERT_EMAILS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://bvte.example.vn"


def _alerted(kind: str, case: Case) -> set[str]:
    return set(Alert.objects.filter(kind=kind, case=case).values_list("user__username", flat=True))


def _hotline_report(world) -> Case:
    return open_case(world.tongdai, world.V1a, child_name="Lò Thị Mai", received_at=T)


def test_a_new_report_alerts_the_officer_and_the_supervisor_of_its_commune(world):
    case = _hotline_report(world)
    assert _alerted(AlertKind.NEW_REPORT, case) == {"xa1", "giamsat"}
    message = Alert.objects.filter(case=case).first().message
    assert case.code in message and "Thôn Một" in message


def test_who_receives_the_report_is_not_alerted_about_it(world):
    case = open_case(world.xa1, world.V1a)
    assert _alerted(AlertKind.NEW_REPORT, case) == {"giamsat"}


def test_a_new_report_is_emailed_after_the_commit_without_the_childs_name(
    world, mail_server, django_capture_on_commit_callbacks
):
    world.xa1.email = "xa1@example.vn"
    world.xa1.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = _hotline_report(world)
        assert mail.outbox == []  # not before the commit
    assert [m.to for m in mail.outbox] == [["xa1@example.vn"]]  # giamsat has no address
    sent = mail.outbox[0]
    assert case.code in sent.subject and "Báo cáo mới" in sent.subject
    assert f"https://bvte.example.vn/cases/{case.pk}/" in sent.body
    assert "Lò Thị Mai" not in sent.subject + sent.body


def test_no_mail_leaves_for_a_report_that_was_rolled_back(
    world, mail_server, django_capture_on_commit_callbacks
):
    world.xa1.email = "xa1@example.vn"
    world.xa1.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _hotline_report(world)
        raise RuntimeError("the intake failed after the alert")
    assert mail.outbox == []
    assert not Alert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _hotline_report(world)
    assert [m.to for m in mail.outbox] == [["xa1@example.vn"]]


def test_without_a_mail_server_the_alert_stays_in_the_app(
    world, settings, django_capture_on_commit_callbacks
):
    settings.CASE_ALERT_EMAILS = False
    world.xa1.email = "xa1@example.vn"
    world.xa1.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = _hotline_report(world)
    assert mail.outbox == []
    assert "xa1" in _alerted(AlertKind.NEW_REPORT, case)


def test_the_person_assigned_is_alerted_and_mailed(
    world, mail_server, django_capture_on_commit_callbacks
):
    case = _hotline_report(world)
    world.canbo.email = "canbo@example.vn"
    world.canbo.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(world.xa1, case, world.canbo)
    assert _alerted(AlertKind.ASSIGNED, case) == {"canbo"}
    assert [m.to for m in mail.outbox] == [["canbo@example.vn"]]


def test_the_new_alerts_show_in_the_menu_badge_and_alert_list(world, client_for):
    case = _hotline_report(world)
    page = client_for("giamsat").get("/cases/alerts/").content.decode()
    assert case.code in page and "Báo cáo mới" in page


def _scan(at: dt.datetime) -> None:
    call_command("scan_case_deadlines", "--now", at.isoformat(), stdout=io.StringIO())


def test_a_report_nobody_opened_within_an_hour_is_escalated_to_the_supervisor_once(
    world, client_for
):
    case = _hotline_report(world)
    client_for("tongdai").get(f"/cases/{case.pk}/")  # the operator reads the report only
    _scan(T + dt.timedelta(minutes=59))
    assert _alerted(AlertKind.REPORT_UNOPENED, case) == set()
    _scan(T + dt.timedelta(minutes=61))
    assert _alerted(AlertKind.REPORT_UNOPENED, case) == {"giamsat"}
    Alert.objects.update(read_at=T + dt.timedelta(hours=2))
    _scan(T + dt.timedelta(hours=3))
    _scan(T + dt.timedelta(hours=4))
    assert Alert.objects.filter(kind=AlertKind.REPORT_UNOPENED).count() == 1
    case.refresh_from_db()
    assert case.escalated_at == T + dt.timedelta(minutes=61)
    assert (
        AuditEvent.objects.filter(object_id=str(case.pk), note__startswith="escalated").count() == 1
    )


def test_a_report_opened_by_its_commune_within_the_hour_is_not_escalated(world, client_for):
    case = _hotline_report(world)
    assert client_for("xa1").get(f"/cases/{case.pk}/").status_code == 200
    case.refresh_from_db()
    assert case.opened_at is not None
    _scan(T + dt.timedelta(hours=2))
    assert _alerted(AlertKind.REPORT_UNOPENED, case) == set()


def test_cases_already_worked_on_are_not_escalated(world):
    case = services.receive_report(world.tongdai, report_data(received_at=T), location=world.V1a)
    case = services.transition(
        world.xa1, case, "verified", {"findings": "Đã xác minh.", "child_safe": True}, 1
    )
    _scan(T + dt.timedelta(hours=2))
    assert _alerted(AlertKind.REPORT_UNOPENED, case) == set()
