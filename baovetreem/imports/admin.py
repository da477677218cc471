from django.contrib import admin

from baovetreem.imports.models import ImportJob


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
