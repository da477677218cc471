"""manage.py rebuild_indicators [--province CODE]: recount the fact table from the raw rows."""

from django.core.management.base import BaseCommand, CommandError

from baovetreem.indicators import facts
from baovetreem.locations.models import Level, Location


class Command(BaseCommand):
    help = "Tính lại toàn bộ số liệu chỉ tiêu từ sổ theo dõi và hồ sơ (để sửa chữa)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Mã tỉnh, thành phố (mặc định: tất cả).")

    def handle(self, *args, province=None, **options):
        unit = None
        if province:
            unit = Location.objects.filter(level=Level.PROVINCE, code=province).first()
            if unit is None:
                raise CommandError(f"Không có tỉnh, thành phố mã {province}.")
        result = facts.rebuild(unit=unit)
        self.stdout.write(
            f"Đã tính lại {result.units} đơn vị, {result.rows} dòng số liệu"
            + (
                f"; {len(result.failed)} đơn vị lỗi (giữ số cũ, đánh dấu chưa cập nhật)."
                if result.failed
                else "."
            )
        )
        if result.failed:
            raise CommandError("Một số đơn vị chưa tính lại được; xem nhật ký lỗi.")
