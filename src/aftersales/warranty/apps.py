from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarrantyConfig(AppConfig):
    name = "aftersales.warranty"
    label = "warranty"
    verbose_name = _("Warranty (三包)")

    def ready(self) -> None:
        # Registers access rules, events, actions, hooks on the work-order machine, and the
        # default payer of a work-order line.
        from aftersales.warranty import access, events, hooks, permissions  # noqa: F401
        from aftersales.warranty.payers import BASES, payer_from_entitlement
        from aftersales.workorders.payers import register_default_payer

        register_default_payer(payer_from_entitlement, bases=BASES)
