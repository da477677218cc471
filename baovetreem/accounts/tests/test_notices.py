"""A user hears of every change someone else makes to their account: in the app and by e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from baovetreem.accounts import services
from baovetreem.accounts.models import AccountNotice, Role

NEW_PASSWORD = "Mat-khau-moi-77"


@pytest.fixture(autouse=True)
def _mail_server(settings):
    settings.ACCOUNT_NOTICE_EMAILS = True


@pytest.fixture
def ctv1_with_email(world):
    world.ctv1.email = "ctv1@example.org"
    world.ctv1.save(update_fields=["email"])
    return world.ctv1


def test_password_reset_leaves_a_notice_and_an_email(
    world, client_for, ctv1_with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("xa1").post(
            f"/accounts/users/{world.ctv1.pk}/password/",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 302
    notice = AccountNotice.objects.get(user=world.ctv1)
    assert notice.kind == "password_reset" and notice.actor == world.xa1
    text = notice.message()
    assert "đặt mật khẩu mới" in text
    assert "Người thử xa1 (xa1)" in text
    assert timezone.localtime(notice.created_at).strftime("%d/%m/%Y %H:%M") in text
    [message] = mail.outbox
    assert message.to == ["ctv1@example.org"]
    assert "Tài khoản" in message.subject
    assert text in message.body
    assert "quản trị hệ thống" in message.body  # whom to tell when it was not expected
    assert NEW_PASSWORD not in message.body


def test_no_email_is_sent_when_the_change_rolls_back(
    world, ctv1_with_email, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.update_user(world.xa1, world.ctv1, is_active=False)
        raise RuntimeError("crash after the change")
    assert mail.outbox == []
    assert not AccountNotice.objects.filter(user=world.ctv1).exists()


def test_user_without_an_address_gets_the_notice_in_the_app_only(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_user(world.xa1, world.canbo, is_active=False)
    assert AccountNotice.objects.get(user=world.canbo).kind == "deactivated"
    assert mail.outbox == []


def test_changed_address_is_told_at_both_addresses(
    world, ctv1_with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_user(world.xa1, world.ctv1, email="moi@example.org", phone="0912000111")
    notice = AccountNotice.objects.get(user=world.ctv1)
    assert notice.kind == "details_changed"
    assert "Email" in notice.message() or "email" in notice.message()
    [message] = mail.outbox
    assert sorted(message.to) == ["ctv1@example.org", "moi@example.org"]


def test_roles_given_and_withdrawn_are_told(world, django_capture_on_commit_callbacks):
    worker = Role.objects.get(code="case_worker")
    assignment = services.add_assignment(world.xa1, world.ctv1, worker, world.C1)
    services.remove_assignment(world.xa1, assignment)
    kinds = list(
        AccountNotice.objects.filter(user=world.ctv1)
        .order_by("created_at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["role_given", "role_withdrawn"]
    assert worker.name in AccountNotice.objects.filter(user=world.ctv1).first().message()


def test_notice_is_shown_at_sign_in_on_home_and_on_profile(world, client_for):
    from django.test import Client

    services.set_password(world.xa1, world.ctv1, NEW_PASSWORD)
    notice = AccountNotice.objects.get(user=world.ctv1)
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "ctv1", "password": NEW_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert notice.message() in page
    assert "/accounts/me/#notices" in page  # the home-page card
    profile = client.get("/accounts/me/").content.decode()
    assert notice.message() in profile
    client.post("/accounts/me/notices/read/")
    notice.refresh_from_db()
    assert notice.read_at is not None
    home = client.get("/").content.decode()
    assert "/accounts/me/#notices" not in home
    assert notice.message() in client.get("/accounts/me/").content.decode()


def test_nobody_is_told_of_a_refused_change(world):
    with pytest.raises(PermissionDenied):
        services.set_password(world.xa1, world.giamsat, NEW_PASSWORD)
    assert not AccountNotice.objects.exists()


def test_issuing_an_api_token_is_told_to_its_owner(world, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    world.xa1.email = "xa1@example.org"
    world.xa1.save(update_fields=["email"])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_token", "xa1", "--label", "phần mềm thống kê", stdout=out)
    notice = AccountNotice.objects.get(user=world.xa1)
    assert notice.kind == "token_issued"
    assert out.getvalue().strip()[:8] in notice.message()
    assert out.getvalue().strip() not in notice.message()  # the key itself is never repeated
    [message] = mail.outbox
    assert message.to == ["xa1@example.org"] and notice.message() in message.body


def test_without_a_mail_server_the_notice_stays_in_the_app(
    world, ctv1_with_email, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_NOTICE_EMAILS = False
    with django_capture_on_commit_callbacks(execute=True):
        services.update_user(world.xa1, world.ctv1, is_active=False)
    assert AccountNotice.objects.get(user=world.ctv1).kind == "deactivated"
    assert mail.outbox == []
