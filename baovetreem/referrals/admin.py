from django.contrib import admin

from baovetreem.referrals.models import ServiceProvider


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    """Read-only view of the directory for administrators (changes go through the audited pages)."""

    list_display = ["name", "kind", "location", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "services"]
    fields = list_display + ["address", "contact_person", "services"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
