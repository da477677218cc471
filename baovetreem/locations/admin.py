from django.contrib import admin

from baovetreem.locations.models import Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "kind", "parent", "valid_until"]
    list_filter = ["level", "kind", "is_mountain", "is_island", "is_extremely_disadvantaged"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "merged_into"]
