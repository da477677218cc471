from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "baovetreem.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from baovetreem.accounts import signals  # noqa: F401  (login audit receivers)
        from baovetreem.accounts.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
