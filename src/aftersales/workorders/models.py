"""Work orders (工单) with lines, attachments and comments; SLA policies; SMS traffic."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.core.geo import Zone
from aftersales.core.models import Organisation
from aftersales.customers.models import Address, Asset, Customer
from aftersales.workorders.choices import Channel, LineKind, OrderType, Payer, Priority, Status

ZERO = Decimal("0.00")


class SlaPolicy(models.Model):
    """Response, on-site and resolution targets per zone; a manufacturer may set its own."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty: the default for every manufacturer without its own policy."),
    )
    zone = models.CharField(_("zone"), max_length=8, choices=Zone.choices)
    response_minutes = models.PositiveIntegerField(_("respond within (minutes)"))
    onsite_minutes = models.PositiveIntegerField(_("on site within (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolve within (minutes)"))

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "zone"], name="unique_sla_per_zone"),
            models.UniqueConstraint(
                fields=["zone"],
                condition=models.Q(manufacturer__isnull=True),
                name="unique_default_sla_zone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer or _('default')} · {self.get_zone_display()}"


class WorkOrder(models.Model):
    number = models.CharField(_("number"), max_length=24, unique=True)
    type = models.CharField(
        _("type"), max_length=16, choices=OrderType.choices, default=OrderType.REPAIR
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    version = models.PositiveIntegerField(default=1)

    # Routing: who owns the order at each level of the network (../shared/DOMAIN.md §4.2).
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    network = models.ForeignKey(
        Organisation,
        verbose_name=_("service network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Organisation,
        verbose_name=_("regional centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    station = models.ForeignKey(
        Organisation,
        verbose_name=_("service station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    station_locked = models.BooleanField(
        _("kept at its station"),
        default=False,
        help_text=_("Filed by the station itself: dispatch stays within it."),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_work_orders",
    )

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="work_orders"
    )
    asset = models.ForeignKey(
        Asset,
        verbose_name=_("asset"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
    )
    address = models.ForeignKey(
        Address,
        verbose_name=_("service address"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zone = models.CharField(
        _("service zone"), max_length=8, choices=Zone.choices, default=Zone.CITY
    )
    fault_description = models.TextField(_("fault description"))
    preferred_start = models.DateTimeField(_("preferred time from"), null=True, blank=True)
    preferred_end = models.DateTimeField(_("preferred time to"), null=True, blank=True)

    response_due_at = models.DateTimeField(_("respond by"), null=True, blank=True)
    onsite_due_at = models.DateTimeField(_("on site by"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolve by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    labour_total = models.DecimalField(_("labour"), max_digits=12, decimal_places=2, default=ZERO)
    parts_total = models.DecimalField(_("parts"), max_digits=12, decimal_places=2, default=ZERO)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=ZERO)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))

    # A form posted twice (Back, then submit again) or an API call retried carries the same
    # key: the submitter gets the first order back instead of a second one.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=64, blank=True, default="", editable=False
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="possible_duplicates",
        help_text=_("An open order of the same customer for the same unit when this one came in."),
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-id"]
        # Lists are "my organisation's orders, newest first" (keyset on created_at, id): one
        # index per scope lets the database read the first page without sorting the lot.
        indexes = [
            *(
                models.Index(fields=[scope, "-created_at", "-id"], name=f"wo_{scope}_newest")
                for scope in (
                    "network",
                    "region",
                    "station",
                    "manufacturer",
                    "technician",
                    "customer",
                )
            ),
            # The dispatcher's filters over a whole network (urgent; installations): a rare
            # value walked through the network's index costs thousands of rows per page.
            models.Index(
                fields=["network", "priority", "-created_at", "-id"], name="wo_network_priority"
            ),
            models.Index(fields=["network", "type", "-created_at", "-id"], name="wo_network_type"),
            models.Index(fields=["station", "status"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["technician", "status"]),
        ]
        constraints = [
            # Keys are the submitter's: two people's keys never collide.
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="wo_idempotency_key_per_submitter",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class WorkOrderLine(models.Model):
    """A labour line (operation × hours × rate × model coefficient) or a part line."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    operation = models.ForeignKey(
        LabourOperation,
        verbose_name=_("labour operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity / hours"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price / hourly rate"), max_digits=12, decimal_places=2)
    coefficient = models.DecimalField(
        _("complexity coefficient"), max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # Who pays: by default what the registered provider says (`payers.py`: warranty from the
    # order's entitlement), recorded with its basis; overridden by staff with a reason, after
    # which the line no longer follows the entitlement.
    payer = models.CharField(
        _("payer"), max_length=12, choices=Payer.choices, default=Payer.CUSTOMER
    )
    payer_basis = models.CharField(_("payer basis"), max_length=40, blank=True, default="")
    payer_reason = models.TextField(_("reason for the payer"), blank=True, default="")
    payer_overridden = models.BooleanField(_("payer overridden"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("work order line")
        verbose_name_plural = _("work order lines")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.work_order} · {self.description}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.work_order_id}/{filename}"


class Attachment(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    visible_to_customer = models.BooleanField(_("visible to the customer"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Comment(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal (staff only)"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.work_order}: {self.body[:30]}"


class InboundSms(models.Model):
    """One provider delivery; the provider's message id makes a retried delivery a no-op."""

    provider_message_id = models.CharField(max_length=64, unique=True)
    from_phone = models.CharField(_("from"), max_length=20)
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received at"))
    outcome = models.CharField(_("outcome"), max_length=24)
    reply_text = models.TextField(_("reply"))
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inbound SMS")
        verbose_name_plural = _("inbound SMS")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.from_phone}: {self.text[:30]}"
