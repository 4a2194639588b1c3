"""Catalogue events."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

declare_event("authorisation.signed", _("Authorisation (网签) signed"), Audience.NETWORK)
