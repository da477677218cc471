from django.test import Client

from baovetreem.audit.models import AuditEvent
from baovetreem.testing.personas import PASSWORD


def test_login_with_right_password_lands_home_and_is_audited(world):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "xa1", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Xin chào" in response.content.decode()
    event = AuditEvent.objects.get(action="login")
    assert event.actor == world.xa1 and event.location_path == world.C1.path and event.request_id


def test_wrong_password_gets_a_vietnamese_message_and_is_audited(world):
    response = Client().post("/accounts/login/", {"username": "xa1", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    event = AuditEvent.objects.get(action="login_failed")
    assert event.object_repr == "xa1" and event.location_path == world.C1.path
    assert event.actor is None


def test_repeated_failures_lock_the_account_out_with_a_clear_message(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "xa2", "password": "sai"})
    response = client.post("/accounts/login/", {"username": "xa2", "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked_out", object_repr="xa2").exists()
    assert AuditEvent.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT
    # Another user from the same machine is not locked.
    other = client.post("/accounts/login/", {"username": "xa1", "password": PASSWORD})
    assert other.status_code == 302


def test_logout_is_audited(client_for):
    client = client_for("xa1")
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="logout", actor_username="xa1").exists()


def test_password_change_stores_an_argon2_hash(client_for, world, settings):
    from baovetreem.settings import PASSWORD_HASHERS

    # Production order (argon2 first); MD5 stays known for the persona's fast test hash.
    settings.PASSWORD_HASHERS = [*PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
    client = client_for("xa1")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-7",
            "new_password2": "Mot-mat-khau-moi-7",
        },
    )
    assert response.status_code == 302
    world.xa1.refresh_from_db()
    assert world.xa1.check_password("Mot-mat-khau-moi-7")
    assert world.xa1.password.startswith("argon2")
