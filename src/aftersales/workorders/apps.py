from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    name = "aftersales.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from aftersales.workorders import access  # noqa: F401 - registers access rules
