"""manage.py seed_demo [--seed N]: the synthetic demo world and its users (idempotent)."""

from django.core.management.base import BaseCommand

from baovetreem.accounts.models import RoleAssignment, User
from baovetreem.demo.cases import has_cases, populate_cases, raise_alerts, supervisor_usernames
from baovetreem.demo.children import has_children, populate
from baovetreem.demo.world import DEMO_PASSWORD, DEMO_USERS, build_demo_world


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu tổng hợp (không phải người thật) và các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên.")

    def handle(self, *args, seed: int, **options):
        world = build_demo_world(seed)
        if not has_children():
            from django.utils import timezone

            count = populate(world, seed, timezone.localdate())
            self.stdout.write(f"Đã tạo {count} trẻ em tổng hợp.")
        if not has_cases():
            from django.utils import timezone

            # Cases after children: some are linked to children of the register.
            now = timezone.now()
            count = populate_cases(world, seed, now)
            alerts = raise_alerts(now)
            self.stdout.write(f"Đã tạo {count} trường hợp tổng hợp và {alerts} cảnh báo.")
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
