from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "baovetreem.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from baovetreem.accounts import signals  # noqa: F401  (login audit receivers)
        from baovetreem.accounts.notices import notice_home_cards
        from baovetreem.accounts.roles import sync_roles_after_migrate
        from baovetreem.core.navigation import register_home_cards

        register_home_cards("accounts", notice_home_cards)

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
