from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    label = "reports"
    verbose_name = _("Reports (报表)")

    def ready(self) -> None:
        # The statistics' access rule and the reports' actions.
        from aftersales.reports import access, permissions  # noqa: F401
