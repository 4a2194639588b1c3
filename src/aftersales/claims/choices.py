"""Claim vocabularies (../shared/DOMAIN.md §4.4). The states' colours and groups belong to the
machines (workflow.py); the checks' default modes and messages to checks.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimType(models.TextChoices):
    REPAIR = "repair", _("Repair / assessment (鉴定单)")
    BREAK_IN = "break_in", _("Break-in maintenance card (走保卡)")
    ROADSIDE = "roadside", _("Roadside rescue (外出急救)")
    OUTSIDE_PURCHASE = "outside_purchase", _("Outside purchase (外购单)")
    EMERGENCY_PARTS = "emergency_parts", _("Emergency parts (紧急调件单)")
    MAJOR_ASSEMBLY = "major_assembly", _("Major assembly (大总成)")


# A second rescue trip for the same order is a second claim; every other type is one claim per
# work order (a second one answers 409 naming the first).
REPEATABLE_PER_ORDER = frozenset({ClaimType.ROADSIDE})
# Needs the manufacturer's pre-authorisation before the repair, whatever the amount.
PRE_AUTHORISED_TYPES = frozenset({ClaimType.MAJOR_ASSEMBLY})


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (草稿)")
    SUBMITTED = "submitted", _("Submitted (已提交)")
    RESUBMITTED = "resubmitted", _("Resubmitted (已重报)")
    APPROVED = "approved", _("Approved (已批准)")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved (部分批准)")
    REJECTED = "rejected", _("Rejected (已拒绝)")
    RETURNED = "returned", _("Returned for correction (退单重报)")
    CANCELLED = "cancelled", _("Cancelled (已撤销)")
    SETTLED = "settled", _("Settled (已结算)")


class LineKind(models.TextChoices):
    LABOUR = "labour", _("Labour (工时)")
    PART = "part", _("Part (备件)")
    TRAVEL = "travel", _("Travel (外出)")
    OTHER = "other", _("Other (其他)")


class PhotoKind(models.TextChoices):
    FAULT = "fault", _("Fault (故障照片)")
    NAMEPLATE = "nameplate", _("Nameplate / serial label (铭牌)")
    PART = "part", _("Removed part (旧件照片)")
    ODOMETER = "odometer", _("Odometer (里程表)")
    INVOICE = "invoice", _("Invoice (发票)")
    DOCUMENT = "document", _("Other document (其他单据)")


class Decision(models.TextChoices):
    """What the manufacturer's reviewer decides (`review_claim`)."""

    APPROVE = "approve", _("Approve (批准)")
    APPROVE_IN_PART = "approve_in_part", _("Approve in part (部分批准)")
    REJECT = "reject", _("Reject (拒绝)")
    RETURN = "return", _("Return for correction (退单重报)")


class RejectReason(models.TextChoices):
    NOT_ENTITLED = "not_entitled", _("Not covered by the warranty")
    DUPLICATE = "duplicate", _("Duplicate claim")
    NO_EVIDENCE = "no_evidence", _("Evidence missing or insufficient")
    MISUSE = "misuse", _("Misuse or outside damage")
    LATE = "late", _("Submitted too late")
    NOT_PRE_AUTHORISED = "not_pre_authorised", _("Not pre-authorised")
    OTHER = "other", _("Other reason")


class AdjustReason(models.TextChoices):
    """Why a line is approved for less than claimed."""

    HOURS_ABOVE_STANDARD = "hours_above_standard", _("Hours above the standard time")
    RATE_ABOVE_CONTRACT = "rate_above_contract", _("Rate above the contracted rate")
    QUANTITY = "quantity", _("Quantity not justified")
    PART_NOT_FOR_MODEL = "part_not_for_model", _("Part not valid for the model")
    NOT_WARRANTY = "not_warranty", _("Not a warranty item")
    NO_EVIDENCE = "no_evidence", _("Evidence missing")
    OTHER = "other", _("Other reason")


class PreAuthorisationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested (待审批)")
    GRANTED = "granted", _("Granted (已授权)")
    REFUSED = "refused", _("Refused (已拒绝)")


class CheckCode(models.TextChoices):
    """The automatic checks run on submission (issue 9 item 4), each a reason code."""

    NOT_ENTITLED = "not_entitled", _("Not entitled to warranty")
    HOURS_ABOVE_STANDARD = "hours_above_standard", _("Hours above the standard time")
    RATE_ABOVE_CONTRACT = "rate_above_contract", _("Rate above the contracted rate")
    DUPLICATE = "duplicate", _("Duplicate claim")
    REPEATED_OPERATION = "repeated_operation", _("Same operation twice on the claim")
    PART_NOT_FOR_MODEL = "part_not_for_model", _("Part not valid for the model")
    MILEAGE_BELOW_EARLIER = "mileage_below_earlier", _("Mileage below an earlier record")
    LATE_SUBMISSION = "late_submission", _("Submitted after the deadline")
    PHOTOS_MISSING = "photos_missing", _("Required photos or documents missing")
    PHOTO_REUSED = "photo_reused", _("Photo already used on another claim")
    PRE_AUTHORISATION_MISSING = (
        "pre_authorisation_missing",
        _("Above the pre-authorisation threshold without one"),
    )


class CheckMode(models.TextChoices):
    BLOCK = "block", _("Block submission")
    WARN = "warn", _("Warn the reviewer")
    OFF = "off", _("Off")
