from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "baovetreem.registry"
    label = "registry"
    verbose_name = _("Child registry")

    def ready(self):
        from baovetreem.core.navigation import register_home_cards
        from baovetreem.registry.home import village_home_cards

        # A village collaborator's home page is their village.
        register_home_cards("registry", village_home_cards)
