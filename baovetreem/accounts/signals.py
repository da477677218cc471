"""Logins, logouts and failed logins go to the audit log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    record(user, AuditAction.LOGIN, user, object_repr=user.username)


# At most this many unread account notices are repeated at sign-in (the rest wait on the profile).
SIGN_IN_NOTICES = 5


@receiver(user_logged_in, dispatch_uid="account_notices_at_sign_in")
def show_account_notices(sender, request, user, **kwargs):
    """Tell a user at sign-in what others changed on their account since they last read it."""
    if request is None:
        return
    from baovetreem.accounts.notices import unread

    for notice in unread(user)[:SIGN_IN_NOTICES]:
        messages.warning(request, notice.message(), fail_silently=True)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, AuditAction.LOGOUT, user, object_repr=user.username)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    target = get_user_model().objects.filter(username=username).first()
    record(
        None,
        AuditAction.LOGIN_FAILED,
        target,
        object_type="accounts.user",
        object_id=str(target.pk) if target else "",
        object_repr=username[:150],
        location_path=target.audit_location_path() if target else "",
    )


try:  # django-axes announces lockouts; record them too.
    from axes.signals import user_locked_out
except ImportError:  # pragma: no cover
    user_locked_out = None

if user_locked_out is not None:

    @receiver(user_locked_out, dispatch_uid="audit_locked_out")
    def audit_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        target = get_user_model().objects.filter(username=username or "").first()
        record(
            None,
            AuditAction.LOCKED_OUT,
            target,
            object_type="accounts.user",
            object_id=str(target.pk) if target else "",
            object_repr=(username or "")[:150],
            location_path=target.audit_location_path() if target else "",
            note=f"ip={ip_address}",
        )
