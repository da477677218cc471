from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocationsConfig(AppConfig):
    name = "baovetreem.locations"
    label = "locations"
    verbose_name = _("Administrative units")
