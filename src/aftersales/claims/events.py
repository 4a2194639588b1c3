"""Claim events besides the transitions (the machines in workflow.py declare those)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

A = Audience
declare_event("claim.created", _("Claim drafted"), A.STATION)
declare_event("claim.changed", _("Claim details corrected"), A.STATION)
declare_event("claim.line_added", _("Claim line added"), A.STATION)
declare_event("claim.line_changed", _("Claim line corrected"), A.STATION)
declare_event("claim.line_removed", _("Claim line removed"), A.STATION)
declare_event("claim.photo_added", _("Photo or document attached"), A.STATION)
declare_event("pre_authorisation.requested", _("Pre-authorisation requested"), A.STATION)
declare_event("claim_terms.set", _("Claim terms set"), A.INTERNAL)
declare_event("check_setting.set", _("Claim check set"), A.INTERNAL)
