from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the token the SMS provider must send as X-Webhook-Token to /api/v1/sms/inbound."

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(settings.SMS_WEBHOOK_TOKEN)
