"""Warranty events (the work-order machine declares its transitions' own)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

A = Audience
# On the work order: the entitlement decided or changed, the facts the station recorded.
declare_event("warranty.decided", _("Warranty entitlement decided (三包判定)"), A.STATION)
declare_event("warranty.facts_recorded", _("Warranty facts recorded (三包事实)"), A.STATION)
# On the unit: goodwill granted by the manufacturer, an extended warranty bought.
declare_event(
    "warranty.goodwill_granted", _("Goodwill extension granted (善意延保)"), A.MANUFACTURER
)
declare_event("warranty.extension_recorded", _("Extended warranty recorded (延保)"), A.CUSTOMER)
# On a policy version.
declare_event("warranty_policy.created", _("Warranty policy version added (三包政策)"), A.INTERNAL)
declare_event("warranty_policy.closed", _("Warranty policy version closed (三包政策)"), A.INTERNAL)
