"""Settlement vocabularies (../shared/DOMAIN.md §4.4, issue 9 items 6-8). The states' colours and
groups belong to the machines (workflow.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Disposition(models.TextChoices):
    """What becomes of an approved part line's removed part (旧件处理方式)."""

    RETURN_MANUFACTURER = "return_manufacturer", _("Return to the manufacturer (返厂)")
    RETURN_SUPPLIER = "return_supplier", _("Return straight to the supplier (返供应商)")
    SCRAP = "scrap", _("Scrap on site (就地报废)")


RETURNED = frozenset({Disposition.RETURN_MANUFACTURER, Disposition.RETURN_SUPPLIER})


class OldPartStatus(models.TextChoices):
    AWAITING_RETURN = "awaiting_return", _("Awaiting return (待回寄)")
    AWAITING_SCRAP = "awaiting_scrap", _("Awaiting scrapping (待报废)")
    SHIPPED = "shipped", _("Shipped (已寄出)")
    ACCEPTED = "accepted", _("Received, accepted (验收合格)")
    FAULT_NOT_CONFIRMED = "fault_not_confirmed", _("Fault not confirmed (故障不确认)")
    MISSING = "missing", _("Missing (缺件)")
    WRONG_PART = "wrong_part", _("Wrong part (错件)")
    SCRAPPED = "scrapped", _("Scrapped (已报废)")
    WRITTEN_OFF = "written_off", _("Written off (已核销)")


class Inspection(models.TextChoices):
    """The receiver's finding per old part; each is a transition of the old part's machine."""

    RECEIVED = "received", _("Received (合格)")
    MISSING = "missing", _("Missing (缺件)")
    WRONG_PART = "wrong_part", _("Wrong part (错件)")
    FAULT_NOT_CONFIRMED = "fault_not_confirmed", _("Fault not confirmed (故障不确认)")


class ShipmentStatus(models.TextChoices):
    IN_TRANSIT = "in_transit", _("In transit (运输中)")
    RECEIVED = "received", _("Received (已签收)")
    CANCELLED = "cancelled", _("Cancelled (已撤销)")


class StatementKind(models.TextChoices):
    """Who pays whom: the manufacturer a station directly, or through a service network (the
    manufacturer the network, the network each of its stations, keeping its fee)."""

    MANUFACTURER_STATION = "manufacturer_station", _("Manufacturer → station (厂家-服务站)")
    MANUFACTURER_NETWORK = "manufacturer_network", _("Manufacturer → network (厂家-服务网络)")
    NETWORK_STATION = "network_station", _("Network → station (服务网络-服务站)")


class StatementStatus(models.TextChoices):
    ISSUED = "issued", _("Awaiting confirmation (待确认)")
    DISPUTED = "disputed", _("Disputed (有异议)")
    CONFIRMED = "confirmed", _("Confirmed (已确认)")
    LOCKED = "locked", _("Approved and locked (已审批锁定)")


class LineKind(models.TextChoices):
    CLAIM = "claim", _("Approved claim (索赔)")
    OLD_PART_REVERSAL = "old_part_reversal", _("Old part missing or wrong (旧件扣回)")
    OLD_PART_OVERDUE = "old_part_overdue", _("Old part not returned in time (旧件逾期未返扣回)")
    OLD_PART_RETURNED = "old_part_returned", _("Old part returned late, repaid (逾期旧件退款)")
    SCRAP_DEDUCTION = "scrap_deduction", _("Scrapped on site (报废折价)")
    PENALTY = "penalty", _("Penalty (罚款)")
    ADJUSTMENT = "adjustment", _("Adjustment (调整)")
    CORRECTION = "correction", _("Dispute upheld (异议更正)")
    NETWORK_FEE = "network_fee", _("Network fee (网络服务费)")
    STATION_STATEMENT = "station_statement", _("Station statement (服务站对账单)")


DEDUCTION_KINDS = frozenset(
    {
        LineKind.OLD_PART_REVERSAL,
        LineKind.OLD_PART_OVERDUE,
        LineKind.SCRAP_DEDUCTION,
        LineKind.PENALTY,
    }
)
ADJUSTMENT_KINDS = frozenset({LineKind.ADJUSTMENT, LineKind.CORRECTION, LineKind.OLD_PART_RETURNED})
# An old part's amount is taken back once, whether it came back missing or wrong or never came
# back in time (the database keeps one such line per old part).
TAKE_BACK_KINDS = frozenset({LineKind.OLD_PART_REVERSAL, LineKind.OLD_PART_OVERDUE})


class AdjustmentKind(models.TextChoices):
    """An item finance records for the next statement of a station."""

    PENALTY = "penalty", _("Penalty (罚款)")
    ADJUSTMENT = "adjustment", _("Adjustment (调整)")


class LineDispute(models.TextChoices):
    NONE = "", _("Not disputed")
    OPEN = "open", _("Disputed, awaiting finance (异议待处理)")
    UPHELD = "upheld", _("Dispute upheld (异议成立)")
    REJECTED = "rejected", _("Dispute rejected (异议驳回)")


class RecoveryStatus(models.TextChoices):
    ISSUED = "issued", _("Sent to the supplier (待供应商确认)")
    DISPUTED = "disputed", _("Disputed by the supplier (供应商有异议)")
    CONFIRMED = "confirmed", _("Confirmed by the supplier (供应商已确认)")
    RECOVERED = "recovered", _("Recovered in full (已追回)")
