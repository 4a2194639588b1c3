from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "aftersales.demo"
    label = "demo"
    verbose_name = "Demo data"
