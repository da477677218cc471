from django.contrib import admin

from baovetreem.cases.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only list of cases for administrators; no content (the case pages are audited)."""

    list_display = ["code", "state", "location", "plan_due_at", "closed_at"]
    list_filter = ["state"]
    search_fields = ["code"]
    fields = ["code", "state", "location", "emergency_due_at", "plan_due_at", "closed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
