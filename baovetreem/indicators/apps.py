from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "baovetreem.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from baovetreem.indicators.signals import connect

        connect()
