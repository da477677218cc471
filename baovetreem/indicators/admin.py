from django.contrib import admin

from baovetreem.indicators.models import DirtyMark, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "location", "comparison", "value", "valid_from", "valid_until"]
    list_filter = ["indicator"]
    search_fields = ["plan_number", "location__name"]
    raw_id_fields = ["location"]
    readonly_fields = ["path", "created_by", "created_at"]


@admin.register(DirtyMark)
class DirtyMarkAdmin(admin.ModelAdmin):
    list_display = ["location", "since", "created_at", "attempts", "last_error"]
    readonly_fields = ["location", "path", "since", "created_at", "attempts", "last_error"]
