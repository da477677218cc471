"""manage.py age_out_children: mark children who turned 16 (run daily)."""

from django.core.management.base import BaseCommand

from baovetreem.registry.services import age_out_children


class Command(BaseCommand):
    help = "Chuyển trẻ đã đủ 16 tuổi sang tình trạng “Đã đủ 16 tuổi” (chạy hằng ngày)."

    def handle(self, *args, **options):
        changed = age_out_children()
        self.stdout.write(f"Đã cập nhật {changed} trẻ đủ 16 tuổi.")
