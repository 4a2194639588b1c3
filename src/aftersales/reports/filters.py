"""The filters every fault statistic takes, checked once for the API and the pages: a named
record must be one the user can see (otherwise a field error, as for any unknown id), and the
period is a range of the claims' decision dates (the approval date for approved claims)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductCategory, ProductModel
from aftersales.claims.choices import ClaimStatus
from aftersales.core import clock
from aftersales.core.access import require, scope
from aftersales.core.errors import Invalid
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.reports.models import FaultClaim

ACTION = "report:fault_statistics"
# Claims are decided in this century; the bounds keep a period's arithmetic (the previous
# period, the time zone) inside what dates can hold.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class StatusGroup:
    """Which claims count, by where they stand. Approved (the default) includes the ones
    approved in part and those already settled: what the manufacturer pays."""

    APPROVED = "approved"
    REJECTED = "rejected"
    PENDING = "pending"
    ALL = "all"

    STATUSES: dict[str, tuple[str, ...]] = {
        APPROVED: (ClaimStatus.APPROVED, ClaimStatus.PARTIALLY_APPROVED, ClaimStatus.SETTLED),
        REJECTED: (ClaimStatus.REJECTED,),
        PENDING: (ClaimStatus.SUBMITTED, ClaimStatus.RESUBMITTED, ClaimStatus.RETURNED),
        ALL: (
            ClaimStatus.SUBMITTED,
            ClaimStatus.RESUBMITTED,
            ClaimStatus.RETURNED,
            ClaimStatus.APPROVED,
            ClaimStatus.PARTIALLY_APPROVED,
            ClaimStatus.REJECTED,
            ClaimStatus.SETTLED,
        ),
    }
    LABELS = {
        APPROVED: _("Approved (incl. in part and settled)"),
        REJECTED: _("Rejected"),
        PENDING: _("Awaiting a decision"),
        ALL: _("All submitted claims"),
    }
    # Undecided claims have no decision date: the period takes their (last) submission's.
    UNDECIDED = {PENDING, ALL}

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        return list(cls.LABELS.items())


@dataclass(frozen=True)
class FaultFilters:
    date_from: date
    date_to: date
    status: str = StatusGroup.APPROVED
    manufacturer_id: int | None = None
    model_id: int | None = None
    category_id: int | None = None
    supplier_id: int | None = None

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> FaultFilters:
        """The period of the same length just before this one (for a trend)."""
        return replace(
            self,
            date_from=self.date_from - timedelta(days=self.days),
            date_to=self.date_from - timedelta(days=1),
        )

    def query(self) -> dict[str, str]:
        """As URL parameters (the page's links, the API calls the page makes)."""
        values = {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "status": self.status,
            "manufacturer_id": self.manufacturer_id,
            "model_id": self.model_id,
            "category_id": self.category_id,
            "supplier_id": self.supplier_id,
        }
        return {k: str(v) for k, v in values.items() if v is not None}


def today() -> date:
    return timezone.localdate(clock.now())


def year_before(day: date) -> date:
    """The day after the same day a year earlier: a year's period ending on `day`."""
    try:
        start = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        start = day.replace(year=day.year - 1, day=28)
    return start + timedelta(days=1)


def resolve(
    user: Any,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    status: str | None = None,
    manufacturer_id: int | None = None,
    model_id: int | None = None,
    category_id: int | None = None,
    supplier_id: int | None = None,
) -> FaultFilters:
    """The filters as given, checked: the user may read the statistics (403 otherwise), each
    named record is one they can see (422 naming the field otherwise), and the period is
    whole (by default the year up to today)."""
    require(user, ACTION, message=_("You may not read the fault statistics."))
    fields: dict[str, Any] = {}
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value is not None and not EARLIEST <= value <= LATEST:
            fields[name] = _("Enter a date between 2000-01-01 and 2099-12-31.")
    if fields:
        raise Invalid(_("Check the highlighted fields."), fields=fields)
    date_to = date_to or max(min(today(), LATEST), date_from or EARLIEST)
    date_from = date_from or max(year_before(date_to), EARLIEST)
    if date_from > date_to:
        fields["date_to"] = _("The end of the period comes before its start.")
    status = status or StatusGroup.APPROVED
    if status not in StatusGroup.STATUSES:
        fields["status"] = _("Unknown status.")
    checks: tuple[tuple[str, int | None, QuerySet[Any], Any], ...] = (
        (
            "manufacturer_id",
            manufacturer_id,
            scope(Organisation.objects.filter(kind=OrganisationKind.MANUFACTURER), user),
            _("Unknown manufacturer."),
        ),
        ("model_id", model_id, scope(ProductModel.objects.all(), user), _("Unknown model.")),
        (
            "category_id",
            category_id,
            scope(ProductCategory.objects.all(), user),
            _("Unknown product category."),
        ),
    )
    for name, pk, visible, message in checks:
        if pk is not None and not visible.filter(pk=pk).exists():
            fields[name] = message
    # A supplier is known by the parts it supplies (suppliers are not organisations most
    # people see, their parts are).
    if supplier_id is not None and not (
        scope(Part.objects.filter(supplier_id=supplier_id), user).exists()
    ):
        fields["supplier_id"] = _("Unknown supplier.")
    if fields:
        raise Invalid(_("Check the highlighted fields."), fields=fields)
    return FaultFilters(
        date_from=date_from,
        date_to=date_to,
        status=status,
        manufacturer_id=manufacturer_id,
        model_id=model_id,
        category_id=category_id,
        supplier_id=supplier_id,
    )


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def decided_between(filters: FaultFilters, start: date, end: date) -> Q:
    """Claims decided in [start, end] (undecided ones by their submission, where they count)."""
    since, until = local_midnight(start), local_midnight(end + timedelta(days=1))
    decided = Q(decided_at__gte=since, decided_at__lt=until)
    if filters.status in StatusGroup.UNDECIDED:
        decided |= Q(decided_at__isnull=True, submitted_at__gte=since, submitted_at__lt=until)
    return decided


def claims(user: Any, filters: FaultFilters, *, period: bool = True) -> QuerySet[FaultClaim]:
    """The claims the statistics count for this user under these filters (the period only when
    asked: the failure-rate curve looks at the units' whole lives up to its end)."""
    qs = scope(FaultClaim.objects.all(), user, ACTION).filter(
        status__in=StatusGroup.STATUSES[filters.status]
    )
    if period:
        qs = qs.filter(decided_between(filters, filters.date_from, filters.date_to))
    return narrowed(qs, filters)


def narrowed(qs: QuerySet[FaultClaim], filters: FaultFilters) -> QuerySet[FaultClaim]:
    if filters.manufacturer_id is not None:
        qs = qs.filter(manufacturer_id=filters.manufacturer_id)
    if filters.model_id is not None:
        qs = qs.filter(product_model_id=filters.model_id)
    if filters.category_id is not None:
        qs = qs.filter(product_model__category_id=filters.category_id)
    if filters.supplier_id is not None:
        qs = qs.filter(causal_part__supplier_id=filters.supplier_id)
    return qs


def describe(user: Any, flt: FaultFilters) -> dict[str, str]:
    """The names of the records the filters name (checked visible by `resolve`), by filter."""
    names: dict[str, str] = {}
    if flt.manufacturer_id is not None:
        names["manufacturer"] = _name(
            scope(Organisation.objects.filter(pk=flt.manufacturer_id), user), "name"
        )
    if flt.model_id is not None:
        model = scope(ProductModel.objects.filter(pk=flt.model_id), user).first()
        names["model"] = f"{model.name} ({model.code})" if model else ""
    if flt.category_id is not None:
        names["category"] = _name(
            scope(ProductCategory.objects.filter(pk=flt.category_id), user), "name"
        )
    if flt.supplier_id is not None:
        names["supplier"] = _name(
            scope(Part.objects.filter(supplier_id=flt.supplier_id), user), "supplier__name"
        )
    return names


def _name(qs: QuerySet[Any], field: str) -> str:
    return str(qs.values_list(field, flat=True).first() or "")
