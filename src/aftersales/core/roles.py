"""Staff and customer roles (../shared/DOMAIN.md §2). One person may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Customer-service agent (客服)")
    DISPATCHER = "dispatcher", _("Dispatcher (调度)")
    ADVISOR = "advisor", _("Service advisor (服务顾问)")
    TECHNICIAN = "technician", _("Technician (维修技师)")
    QC_INSPECTOR = "qc_inspector", _("QC inspector (质检员)")
    WARRANTY_ASSESSOR = "warranty_assessor", _("Warranty assessor (保修鉴定员)")
    PARTS_CLERK = "parts_clerk", _("Parts clerk (备件员)")
    MANAGER = "manager", _("Station manager (服务经理)")
    AUDITOR = "auditor", _("Manufacturer auditor (审核员)")
    FINANCE = "finance", _("Finance (财务)")
    ADMIN = "admin", _("Administrator (管理员)")
    CUSTOMER = "customer", _("Customer (客户)")


STAFF_ROLES = frozenset(r for r in Role if r != Role.CUSTOMER)
