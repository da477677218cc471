from django.contrib import admin

from baovetreem.cases.models import BreakGlassAccess, Case, CaseTransfer


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Administrators look; changes go through the audited services and pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(ReadOnlyAdmin):
    """Who opened which case in an emergency (the reason stays on the case page and audit)."""

    list_display = ["case", "user", "at", "expires_at"]
    fields = ["case", "user", "at", "expires_at"]
    readonly_fields = fields


@admin.register(CaseTransfer)
class CaseTransferAdmin(ReadOnlyAdmin):
    list_display = ["case", "from_location", "to_location", "status", "requested_at"]
    list_filter = ["status"]
    fields = ["case", "from_location", "to_location", "status", "requested_at", "decided_at"]
    readonly_fields = fields


# Attachments are deliberately not in the admin: its file links would bypass the scoped view.
