from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "aftersales.claims"
    label = "claims"
    verbose_name = _("Warranty claims (保修索赔)")

    def ready(self) -> None:
        # Registers access rules, events, actions and the claim's machines.
        from aftersales.claims import access, events, permissions, workflow  # noqa: F401
