from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "baovetreem.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from baovetreem.core.calendar import clear_cache
        from baovetreem.core.models import CalendarDay

        # Deadlines read a cached calendar: any edit of a day must reach the next deadline.
        for signal in (post_save, post_delete):
            signal.connect(clear_cache, sender=CalendarDay, dispatch_uid="core.calendar")
