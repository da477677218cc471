"""manage.py seed_demo [--seed N]: the synthetic demo world and its users (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from baovetreem.accounts.models import RoleAssignment, User
from baovetreem.demo.cases import has_cases, populate_cases, raise_alerts, supervisor_usernames
from baovetreem.demo.children import has_children, populate
from baovetreem.demo.hotline import has_calls, has_press_items, populate_calls, populate_press
from baovetreem.demo.indicators import build_figures, has_targets, seed_targets
from baovetreem.demo.referrals import has_providers, populate_providers
from baovetreem.demo.world import DEMO_PASSWORD, DEMO_USERS, build_demo_world
from baovetreem.hotline.models import Contact
from baovetreem.indicators.facts import refresh_suspended
from baovetreem.referrals.models import LegalAidFollowUp, Referral


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu tổng hợp (không phải người thật) và các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên.")

    def handle(self, *args, seed: int, **options):
        # The figures are counted once at the end, not after each of the many commits.
        with refresh_suspended():
            self._seed(seed)

    def _seed(self, seed: int) -> None:
        world = build_demo_world(seed)
        if not has_children():
            count = populate(world, seed, timezone.localdate())
            self.stdout.write(f"Đã tạo {count} trẻ em tổng hợp.")
        if not has_providers():
            count = populate_providers(world, seed)
            self.stdout.write(f"Đã tạo danh bạ dịch vụ: {count} cơ quan, tổ chức.")
        new_cases = not has_cases()
        if new_cases:
            # Cases after children (some are linked to children of the register) and after the
            # directory (cases in implementation refer their children to its providers).
            count = populate_cases(world, seed, timezone.now())
            self.stdout.write(
                f"Đã tạo {count} trường hợp tổng hợp "
                f"({Contact.objects.filter(case__isnull=False).count()} mở từ cuộc gọi 111), "
                f"{Referral.objects.count()} lượt chuyển gửi và "
                f"{LegalAidFollowUp.objects.count()} theo dõi trợ giúp pháp lý."
            )
        if not has_calls():
            count = populate_calls(world, seed, timezone.now())
            self.stdout.write(f"Đã ghi {count} cuộc gọi khác đến tổng đài trong 30 ngày qua.")
        if not has_press_items():
            items, reports = populate_press(world, seed, timezone.now())
            self.stdout.write(f"Đã ghi {items} tin điểm báo, {reports} tin đã mở trường hợp.")
        if new_cases:
            # After the press review: the report it opened is scanned too.
            alerts = raise_alerts(timezone.now())
            self.stdout.write(f"Đã tạo {alerts} cảnh báo.")
        if not has_targets():
            count = seed_targets(world.province)
            rows = build_figures(world.province, timezone.localdate())
            self.stdout.write(f"Đã đặt {count} chỉ tiêu kế hoạch và tổng hợp {rows} dòng số liệu.")
        state = "đã tạo" if world.created else "đã có sẵn, dùng lại"
        self.stdout.write(
            f"Dữ liệu demo {state}: {world.province.name}, "
            f"{len(world.communes)} xã, "
            f"{sum(len(v) for v in world.villages.values())} thôn."
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD} — chỉ dùng để thử):")
        for username in [name for name, _role, _where in DEMO_USERS] + supervisor_usernames(world):
            user = world.users.get(username) or User.objects.get(username=username)
            roles = RoleAssignment.objects.filter(user=user).select_related("role", "location")
            text = "; ".join(f"{a.role.name} — {a.location.name}" for a in roles)
            self.stdout.write(f"  {username:<8} {text}")
