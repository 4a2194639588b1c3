from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "aftersales.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self) -> None:
        # Puts the demo's logins on the start-up banner.
        from aftersales.demo import banner  # noqa: F401
