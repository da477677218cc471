from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from baovetreem.accounts.models import ApiToken, NoticeKind, Role, RoleAssignment, User
from baovetreem.accounts.notices import notify


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    raw_id_fields = ["location"]
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "is_active", "is_superuser"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("baovetreem", {"fields": ("full_name", "phone", "job_title")}),
    )

    def save_model(self, request, obj, form, change):
        obj._notice_fields = list(form.changed_data)
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        """Tell the user what a national administrator changed on their account here."""
        result = super().log_change(request, obj, message)
        # The admin's password page saves without save_model: the password is what changed.
        fields = obj.__dict__.pop("_notice_fields", None) or []
        if not fields and not _inline_changes(message):
            fields = ["password"]
        if _inline_changes(message):
            fields.append("role_assignments")
        if obj.pk != request.user.pk and fields:
            notify(obj, NoticeKind.ADMIN_CHANGED, request.user, ",".join(fields))
        return result


def _inline_changes(message) -> bool:
    """Whether the admin's change message names inline rows (role assignments) it changed."""
    if not isinstance(message, list):
        return False
    return any(
        "name" in details
        for entry in message
        for details in entry.values()
        if isinstance(details, dict)
    )


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "levels", "is_active"]
    filter_horizontal = ["permissions", "grantable_roles"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "label", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
