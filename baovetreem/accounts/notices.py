"""Telling users about changes other people make to their account (in the app and by e-mail)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baovetreem.accounts.models import AccountNotice, NoticeKind, User
from baovetreem.core.navigation import HomeCard

logger = logging.getLogger(__name__)


def actor_label(actor: User | None) -> str:
    """How the person who made the change is named in a notice: full name and username."""
    if actor is None:
        return _("the system")
    if actor.full_name:
        return f"{actor.full_name} ({actor.username})"
    return actor.username


def notify(
    user: User,
    kind: NoticeKind,
    actor: User | None,
    details: str = "",
    *,
    also_email: Iterable[str] = (),
    actor_name: str = "",
) -> AccountNotice:
    """Record a notice for ``user`` and e-mail it once the surrounding transaction commits.

    ``also_email`` adds addresses (the old address when the e-mail itself was changed);
    ``actor_name`` names an actor who is not a user (a command run on the server).
    """
    notice = AccountNotice.objects.create(
        user=user,
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor_name or actor_label(actor))[:320],
        details=details[:500],
    )
    recipients = sorted({address for address in (user.email, *also_email) if address})
    if recipients and settings.ACCOUNT_NOTICE_EMAILS:
        transaction.on_commit(lambda: send_notice(notice.pk, recipients))
    return notice


def send_notice(notice_pk: int, recipients: list[str]) -> None:
    """E-mail one notice, in the site's language; a mail failure never undoes the change."""
    notice = AccountNotice.objects.select_related("user").get(pk=notice_pk)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your child-protection account was changed")
        body = render_to_string(
            "accounts/email/account_notice.txt",
            {"notice": notice, "message": notice.message(), "contact": notice.contact()},
        )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the notice stays in the app; the mail server is not ours to fix here
        logger.exception("account notice %s could not be e-mailed", notice_pk)


def unread(user: User):
    """The notices ``user`` has not marked as read, newest first."""
    return AccountNotice.objects.filter(user=user, read_at__isnull=True)


def mark_read(user: User) -> int:
    """Mark every unread notice of ``user`` as read; returns how many."""
    return unread(user).update(read_at=timezone.now())


def notice_home_cards(request: HttpRequest) -> list[HomeCard]:
    """A home-page card while the signed-in user has unread notices about their account."""
    count = unread(request.user).count()
    if not count:
        return []
    return [
        HomeCard(
            label=_("Unread notices about your account"),
            count=count,
            url=reverse("accounts:profile") + "#notices",
            link_text=_("Read them"),
            warn=True,
        )
    ]
