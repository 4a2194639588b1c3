"""Customer and asset events."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

declare_event("customer.created", _("Customer recorded"), Audience.STATION)
declare_event("asset.created", _("Product recorded"), Audience.STATION)
declare_event("asset.registered", _("Warranty registered"), Audience.CUSTOMER)
# Who revealed whose masked personal data, when, and why (`customer_reveal`).
declare_event("customer.revealed", _("Personal data revealed"), Audience.INTERNAL)
