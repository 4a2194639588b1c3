"""Rules as data: which old parts come back and where (per manufacturer, by part or category),
what a supplier owes on a recovered claim, and a service network's fee."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductCategory
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.settlement.choices import Disposition

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class OldPartRule(models.Model):
    """旧件返回规则: the most specific row wins (the part's own, then its model's category, then
    the manufacturer's row without either); without any row the part returns to the
    manufacturer."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.CASCADE, null=True, blank=True
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    disposition = models.CharField(_("disposition"), max_length=24, choices=Disposition.choices)
    scrap_deduction_percent = models.DecimalField(
        _("scrap deduction (% of the part's amount)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=PERCENT,
        help_text=_("Deducted from the station when it scraps the part on site (折价)."),
    )
    return_within_days = models.PositiveSmallIntegerField(
        _("return within (days after approval)"), default=30
    )

    class Meta:
        verbose_name = _("old-part rule (旧件规则)")
        verbose_name_plural = _("old-part rules (旧件规则)")
        ordering = ["manufacturer", "part", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "part"],
                condition=Q(part__isnull=False),
                name="unique_old_part_rule_part",
            ),
            models.UniqueConstraint(
                fields=["manufacturer", "category"],
                condition=Q(category__isnull=False),
                name="unique_old_part_rule_category",
            ),
            models.UniqueConstraint(
                fields=["manufacturer"],
                condition=Q(part__isnull=True, category__isnull=True),
                name="unique_old_part_rule_default",
            ),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(category__isnull=True),
                name="old_part_rule_part_or_category",
            ),
        ]

    def __str__(self) -> str:
        target = self.part or self.category or _("every part")
        return f"{self.manufacturer} · {target} · {self.get_disposition_display()}"


class SupplierTerms(models.Model):
    """追偿条款: the share of an approved claim's parts and labour a supplier owes for a failure
    of its part, and the manufacturer's handling fee on top (% of the recovered amount)."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    supplier = models.ForeignKey(
        Organisation,
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.SUPPLIER},
    )
    parts_share_percent = models.DecimalField(
        _("share of parts (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=PERCENT,
    )
    labour_share_percent = models.DecimalField(
        _("share of labour (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=PERCENT,
    )
    handling_fee_percent = models.DecimalField(
        _("handling fee (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=PERCENT,
    )

    class Meta:
        verbose_name = _("supplier recovery terms (追偿条款)")
        verbose_name_plural = _("supplier recovery terms (追偿条款)")
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "supplier"], name="unique_supplier_terms"
            )
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} ← {self.supplier}"


class NetworkFee(models.Model):
    """A service network's fee on what it passes on to its stations (网络服务费率), per
    manufacturer or (without one) for every manufacturer."""

    network = models.ForeignKey(
        Organisation,
        verbose_name=_("service network"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.NETWORK},
    )
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    fee_percent = models.DecimalField(
        _("fee (% of the approved claims)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("network fee (网络服务费)")
        verbose_name_plural = _("network fees (网络服务费)")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "manufacturer"],
                condition=Q(manufacturer__isnull=False),
                name="unique_network_fee",
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(manufacturer__isnull=True),
                name="unique_network_fee_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.fee_percent} %"
