from django.contrib import admin

from baovetreem.imports.models import ExportJob, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only view of import jobs, for administrators diagnosing a failed import."""

    list_display = ["id", "importer_key", "original_filename", "created_by", "status", "created_at"]
    list_filter = ["status", "importer_key", "mode"]
    search_fields = ["original_filename", "created_by__username"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only view of export jobs, for administrators diagnosing a failed export.

    No download from here: files are handed out only by the audited download page.
    """

    list_display = ["id", "exporter_key", "created_by", "status", "rows_written", "created_at"]
    list_filter = ["status", "exporter_key"]
    search_fields = ["created_by__username"]
    readonly_fields = [field.name for field in ExportJob._meta.fields if field.name != "file"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
