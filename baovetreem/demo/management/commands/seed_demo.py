"""manage.py seed_demo [--seed N]: the synthetic demo world and its users (idempotent)."""

from django.core.management.base import BaseCommand

from baovetreem.accounts.models import RoleAssignment
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
        state = "đã tạo" if world.created else "đã có sẵn, dùng lại"
        self.stdout.write(
            f"Dữ liệu demo {state}: {world.province.name}, "
            f"{len(world.communes)} xã, "
            f"{sum(len(v) for v in world.villages.values())} thôn."
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD} — chỉ dùng để thử):")
        for username, _role, _where in DEMO_USERS:
            user = world.users[username]
            roles = RoleAssignment.objects.filter(user=user).select_related("role", "location")
            text = "; ".join(f"{a.role.name} — {a.location.name}" for a in roles)
            self.stdout.write(f"  {username:<8} {text}")
