from django.contrib import admin

from baovetreem.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "is_provisional", "source"]
    list_filter = ["kind", "is_provisional"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    ordering = ["date"]
