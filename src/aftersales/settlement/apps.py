from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    name = "aftersales.settlement"
    label = "settlement"
    verbose_name = _("Old parts, supplier recovery and settlement (旧件、追偿与结算)")

    def ready(self) -> None:
        # Access rules, events, actions, the machines, and the hooks on the claim's machine
        # (an approved claim's part lines get their old parts).
        from aftersales.settlement import (  # noqa: F401
            access,
            events,
            hooks,
            permissions,
            workflow,
        )
