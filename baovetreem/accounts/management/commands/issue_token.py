"""manage.py issue_token USERNAME [--label TEXT]: print a new API token for that user."""

from django.core.management.base import BaseCommand, CommandError

from baovetreem.accounts.models import ApiToken, User
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
        token, key = ApiToken.issue(user, label=label)
        record(
            None,
            AuditAction.CREATE,
            token,
            object_repr=f"API token {token.prefix}… for {username}",
            location_path=user.audit_location_path(),
        )
        self.stdout.write(key)
