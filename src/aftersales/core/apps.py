from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aftersales.core"
    label = "core"
    verbose_name = _("Organisations and access")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from aftersales.core.housekeeping import statistics_after_migrate

        # Sent once per app after all migrations ran; with this app as sender, once in all.
        post_migrate.connect(statistics_after_migrate, sender=self)
