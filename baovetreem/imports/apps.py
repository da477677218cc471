from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "baovetreem.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Each app registers its importers in its own `importers.py` (and its exporters in
        # `exporters.py`); discovering them here means the web process and the background
        # worker always know the same ones, and this app never imports the apps above it.
        autodiscover_modules("importers")
        autodiscover_modules("exporters")
