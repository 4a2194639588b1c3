"""Settlement events besides the transitions (the machines in workflow.py declare those)."""

from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience, declare_event

A = Audience
declare_event("old_part.assigned", _("Old part disposition assigned"), A.STATION)
declare_event("old_part_shipment.created", _("Old parts shipped"), A.STATION)
declare_event("statement.generated", _("Statement generated"), A.STATION)
declare_event("statement.lines_added", _("Lines added to the statement"), A.STATION)
declare_event("statement.dispute_answered", _("Disputed line answered"), A.STATION)
declare_event("settlement_adjustment.created", _("Penalty or adjustment recorded"), A.STATION)
declare_event(
    "supplier_recovery.generated", _("Recovery claim sent to the supplier"), A.MANUFACTURER
)
declare_event("supplier_recovery.payment", _("Recovered amount recorded"), A.MANUFACTURER)
