"""manage.py load_units [--province CODE]: load official provinces and communes."""

from django.core.management.base import BaseCommand, CommandError

from baovetreem.locations.services import UnknownProvince, load_units


class Command(BaseCommand):
    help = (
        "Tải 34 tỉnh/thành phố và 3.321 xã/phường/đặc khu từ danh mục chính thức "
        "(chạy lại an toàn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Chỉ tải một tỉnh/thành phố theo mã (ví dụ 56).")

    def handle(self, *args, province=None, **options):
        try:
            result = load_units(province)
        except UnknownProvince as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đơn vị hành chính: thêm mới {result.created}, cập nhật {result.updated}, "
            f"không đổi {result.unchanged}."
        )
