from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "baovetreem.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        from baovetreem.cases.child_panel import child_cases_panel
        from baovetreem.cases.home import cases_badge, cases_home_cards
        from baovetreem.core.navigation import register_badge, register_home_cards
        from baovetreem.core.panels import register_panel

        register_badge("cases", cases_badge)
        register_home_cards("cases", cases_home_cards)
        register_panel("registry.child", "cases", child_cases_panel)
