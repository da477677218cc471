"""manage.py issue_token USERNAME [--label TEXT]: print a new API token for that user."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.accounts.models import ApiToken, NoticeKind, User
from baovetreem.accounts.notices import notify
from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record


class Command(BaseCommand):
    help = "Cấp mã truy cập API mới cho một người dùng (mã chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="Ghi chú: hệ thống nào dùng mã này.")

    def handle(self, *args, username: str, label: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên “{username}”.")
        with transaction.atomic():
            token, key = ApiToken.issue(user, label=label)
            record(
                None,
                AuditAction.CREATE,
                token,
                object_repr=f"API token {token.prefix}… for {username}",
                location_path=user.audit_location_path(),
            )
            # A token acts in the user's name: they hear of it like of any change to their account.
            notify(
                user,
                NoticeKind.TOKEN_ISSUED,
                None,
                f"{token.prefix}… {label}".strip(),
                actor_name=_("a server administrator, from the command line"),
            )
        self.stdout.write(key)
