"""Dispatch events (assign, reassign, take back and decline are work-order transitions)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

A = Audience
declare_event("dispatch.accepted", _("The technician accepted the job"), A.CUSTOMER)
declare_event("dispatch.no_candidate", _("No technician could take the order"), A.NETWORK)
declare_event("dispatch.escalated", _("Offer not answered in time: escalated"), A.NETWORK)
declare_event("technician_profile.created", _("Technician profile created"), A.INTERNAL)
declare_event("technician_profile.changed", _("Technician profile changed"), A.INTERNAL)
declare_event("technician_profile.day_off", _("Day off recorded"), A.INTERNAL)
declare_event("station.capacity_set", _("Station capacity set"), A.INTERNAL)
declare_event("dispatch_policy.set", _("Dispatch policy set"), A.INTERNAL)
