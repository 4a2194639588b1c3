"""Work-order vocabularies. The states' colours and groups belong to the machine (workflow.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New (新建)")
    ACCEPTED = "accepted", _("Accepted (已受理)")
    ASSIGNED = "assigned", _("Assigned (已派工)")
    IN_PROGRESS = "in_progress", _("In progress (处理中)")
    WAITING_PARTS = "waiting_parts", _("Waiting for parts (待料)")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for customer (待客户)")
    COMPLETED = "completed", _("Completed (已完工)")
    CLOSED = "closed", _("Closed (已关闭)")
    CANCELLED = "cancelled", _("Cancelled (已取消)")


class OrderType(models.TextChoices):
    REPAIR = "repair", _("Repair (维修)")
    INSTALLATION = "installation", _("Installation (安装)")
    MAINTENANCE = "maintenance", _("Maintenance (保养)")
    INSPECTION = "inspection", _("Inspection (检测)")
    RETURN = "return", _("Return (退换货)")
    CONSULTATION = "consultation", _("Consultation (咨询)")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Customer portal")
    PHONE = "phone", _("Phone (staff intake)")
    API = "api", _("API")
    SMS = "sms", _("SMS")
    TELEMETRY = "telemetry", _("Telemetry")


class LineKind(models.TextChoices):
    LABOUR = "labour", _("Labour (工时)")
    PART = "part", _("Part (备件)")


class Payer(models.TextChoices):
    """Who pays a work-order line (a `contract` pays under a service contract, issue 12)."""

    CUSTOMER = "customer", _("Customer (客户自付)")
    WARRANTY = "warranty", _("Warranty (三包)")
    CLAIM = "claim", _("Warranty claim (索赔)")
    INSURANCE = "insurance", _("Insurance (保险)")
    CONTRACT = "contract", _("Service contract (服务合同)")
