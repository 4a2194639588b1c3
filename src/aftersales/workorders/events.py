"""Work-order events besides the transitions (the machine in workflow.py declares those)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

declare_event("work_order.created", _("Request received"), Audience.CUSTOMER)
declare_event("work_order.line_added", _("Line added"), Audience.STATION)
declare_event("work_order.line_changed", _("Line corrected"), Audience.STATION)
declare_event("work_order.line_removed", _("Line removed"), Audience.STATION)
declare_event(
    "work_order.line_payer_changed", _("Payer of a line changed (付费方)"), Audience.STATION
)
# Comments and attachments: the row says whether the customer sees it (internal or not).
declare_event("work_order.commented", _("Comment"), Audience.CUSTOMER)
declare_event("work_order.attachment_added", _("File attached"), Audience.CUSTOMER)
