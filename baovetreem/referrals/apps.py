from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "baovetreem.referrals"
    label = "referrals"
    verbose_name = _("Services and referrals")

    def ready(self) -> None:
        # A signal, not a call from cases: referrals sit above cases, which may not import them.
        from baovetreem.cases.signals import child_linked
        from baovetreem.referrals.services import on_child_linked

        child_linked.connect(on_child_linked, dispatch_uid="referrals.supports_on_link")
