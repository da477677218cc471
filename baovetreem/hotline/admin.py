from django.contrib import admin

from baovetreem.hotline.models import TopicCategory


@admin.register(TopicCategory)
class TopicCategoryAdmin(admin.ModelAdmin):
    """Reference data: the two-level topics of calls, edited by administrators."""

    list_display = ["code", "name", "name_en", "parent", "order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    ordering = ["order", "code"]

    def has_delete_permission(self, request, obj=None):
        # Calls refer to topics: retire a topic (in use: off) instead of deleting it.
        return False
