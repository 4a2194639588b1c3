from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    name = "aftersales.settlement"
    label = "settlement"
    verbose_name = _("Old parts, supplier recovery and settlement (旧件、追偿与结算)")
