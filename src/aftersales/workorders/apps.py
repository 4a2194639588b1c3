from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    name = "aftersales.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        # Registers access rules, events, actions and the state machine.
        from aftersales.workorders import access, events, permissions, workflow  # noqa: F401
