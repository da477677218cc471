"""manage.py purge_exports: delete exported files past EXPORT_RETENTION_HOURS (run hourly)."""

from django.core.management.base import BaseCommand

from baovetreem.imports.export_jobs import purge_expired_exports


class Command(BaseCommand):
    help = (
        "Xoá các tệp đã xuất quá thời hạn lưu (EXPORT_RETENTION_HOURS), các tệp không còn "
        "lượt xuất nào trỏ tới, và đánh dấu lỗi các lượt xuất bị treo (chạy mỗi giờ)."
    )

    def handle(self, *args, **options):
        result = purge_expired_exports(sweep_orphans=True)
        self.stdout.write(
            f"Đã xoá {result.files_deleted} tệp hết hạn, {result.orphans_deleted} tệp thừa; "
            f"{result.jobs_given_up} lượt xuất bị treo được đánh dấu lỗi."
        )
