from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data (never real people). Sits above every app: it may use them all."""

    name = "baovetreem.demo"
    label = "demo"
    verbose_name = "Demo"
