from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "aftersales.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        # Registers access rules, events, actions, and hooks on the work-order machine.
        from aftersales.dispatch import access, events, hooks, permissions  # noqa: F401
