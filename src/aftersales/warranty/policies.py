"""Which warranty terms apply to a unit, and the rules that keep policy versions honest.

**Resolution.** A model's own policy (an override) before its category's; of each, the version
in force on the *policy date*: the day the unit was sold — the warranty in force when the product
was sold is what the customer bought, whatever the manufacturer offers later. Where the sale is
not known, the earliest other start event recorded (installation, first registration), else
the claim date. Without any policy: the default of DOMAIN.md §4.3 (return 7 days, exchange 30,
free repair for the category's `warranty_months`), and the decision says "default policy".

**Versions.** A version used by a decision never changes its terms again; to change them, add a
new version from a later day. The new version closes the one in force on its first day (its
`valid_to` becomes the day before). Versions of one scope never overlap, and none may start on
or before a day a decision was already made for (a decision's policy date): a change never
alters a decision already made, not even one still open to recomputation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductCategory, ProductModel
from aftersales.core.errors import Invalid, lazy_message
from aftersales.warranty import terms as t

if TYPE_CHECKING:
    from aftersales.warranty.models import WarrantyExtension, WarrantyPolicy

DEFAULT_RETURN_DAYS = 7
DEFAULT_EXCHANGE_DAYS = 30
# Fields of a version that a decision depends on; after its first use only `valid_to` may change.
TERMS_FIELDS = (
    "manufacturer_id",
    "category_id",
    "product_model_id",
    "version_label",
    "valid_from",
    "return_days",
    "exchange_days",
    "repair_months",
    "mileage_limit_km",
    "start_event",
    "extend_over_holidays",
)


def policy_in_force(product_model: ProductModel, on: date) -> WarrantyPolicy | None:
    """The model's override in force on `on`, else its category's, else None (default)."""
    from aftersales.warranty.models import WarrantyPolicy

    candidates = (
        WarrantyPolicy.objects.filter(category_id=product_model.category_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(Q(product_model__isnull=True) | Q(product_model_id=product_model.pk))
        .prefetch_related("components")
    )
    return min(
        candidates,
        key=lambda p: (p.product_model_id is None, -p.valid_from.toordinal()),
        default=None,
    )


@dataclass(frozen=True)
class Version:
    """A policy version as a decision needs it: its id, label and terms (the default's when
    `policy_id` is None), without the unit's extensions."""

    policy_id: int | None
    version_label: str
    terms: t.PolicyTerms

    @property
    def start_event(self) -> t.StartEvent:
        return self.terms.start_event


_VERSION_FIELDS = (
    "id",
    "product_model_id",
    "valid_to",
    "valid_from",
    "version_label",
    "return_days",
    "exchange_days",
    "repair_months",
    "mileage_limit_km",
    "start_event",
    "extend_over_holidays",
    "components__code",
    "components__name",
    "components__months",
    "components__mileage_km",
)


def version_in_force(product_model: ProductModel, on: date) -> Version:
    """`policy_in_force` and its components in one query (the entitlement's hot path), or the
    default terms for the model's category. A category has a handful of versions: the ones
    started by `on` are read and the rest is chosen here, which is cheaper than the SQL."""
    from aftersales.warranty.models import WarrantyPolicy

    rows = [
        row
        for row in WarrantyPolicy.objects.filter(
            category_id=product_model.category_id, valid_from__lte=on
        )
        .values_list(*_VERSION_FIELDS)
        .order_by("components__code")
        if row[1] in (None, product_model.pk) and (row[2] is None or row[2] >= on)
    ]
    category = product_model.category
    if not rows:
        return Version(None, "", default_terms(category))
    best = min(rows, key=lambda r: (r[1] is None, -r[3].toordinal()))
    chosen = [r for r in rows if r[0] == best[0]]
    pk, _model, _to, _from, label, ret, exch, months, km, start, extend = best[:11]
    components = tuple(
        t.ComponentTerm(r[11], r[12], r[13], r[14]) for r in chosen if r[11] is not None
    )
    terms = t.PolicyTerms(
        policy_id=pk,
        version_label=label,
        return_days=ret,
        exchange_days=exch,
        repair_months=months if months is not None else category.warranty_months,
        mileage_limit_km=km,
        components=components,
        start_event=t.StartEvent(start),
        extend_over_holidays=extend,
    )
    return Version(pk, label, terms)


def default_terms(category: ProductCategory) -> t.PolicyTerms:
    """DOMAIN.md §4.3: return 7 days, exchange 30, free repair for the category's term."""
    return t.PolicyTerms(
        return_days=DEFAULT_RETURN_DAYS,
        exchange_days=DEFAULT_EXCHANGE_DAYS,
        repair_months=category.warranty_months,
    )


def with_extensions(terms: t.PolicyTerms, extensions: Iterable[WarrantyExtension]) -> t.PolicyTerms:
    """The version's terms lengthened by the unit's extensions."""
    lengthened = tuple(
        t.Extension(
            kind=t.ExtensionKind(e.kind),
            months=e.months,
            mileage_km=e.mileage_km,
            valid_from=e.valid_from,
        )
        for e in extensions
    )
    return replace(terms, extensions=lengthened)


def predecessor(policy: WarrantyPolicy) -> WarrantyPolicy | None:
    """The version of the same scope in force on the new version's first day, started before
    it: the new version closes it."""
    from aftersales.warranty.models import WarrantyPolicy

    return (
        _same_scope(WarrantyPolicy.objects.all(), policy)
        .filter(valid_from__lt=policy.valid_from)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=policy.valid_from))
        .order_by("-valid_from")
        .first()
    )


def _same_scope(
    queryset: QuerySet[WarrantyPolicy], policy: WarrantyPolicy
) -> QuerySet[WarrantyPolicy]:
    queryset = queryset.filter(category_id=policy.category_id)
    if policy.product_model_id is None:
        queryset = queryset.filter(product_model__isnull=True)
    else:
        queryset = queryset.filter(product_model_id=policy.product_model_id)
    return queryset.exclude(pk=policy.pk) if policy.pk else queryset


def check_policy(policy: WarrantyPolicy) -> None:
    """Every rule of a version at once, as field errors (the admin form and the service)."""
    errors: dict[str, object] = {}
    category = policy.category if policy.category_id else None
    if category is not None:
        if policy.manufacturer_id and category.manufacturer_id != policy.manufacturer_id:
            errors["category"] = _("This category belongs to another manufacturer.")
        policy.manufacturer_id = category.manufacturer_id
        if policy.repair_months is None:
            policy.repair_months = category.warranty_months
    model = policy.product_model if policy.product_model_id else None
    if model is not None and category is not None and model.category_id != category.pk:
        errors["product_model"] = _("This model belongs to another category.")
    for name in ("return_days", "exchange_days", "repair_months", "mileage_limit_km"):
        value = getattr(policy, name)
        if value is not None and value < 0:
            errors[name] = _("Must not be negative.")
    if policy.exchange_days and policy.exchange_days < policy.return_days:
        errors["exchange_days"] = _("The exchange period cannot end before the return period.")
    if policy.valid_to is not None and policy.valid_to < policy.valid_from:
        errors["valid_to"] = _("The version ends before it starts.")
    if policy.pk:
        errors.update(_used_rules(policy))
    if category is not None and not errors:
        errors.update(_period_rules(policy))
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)


def _used_rules(policy: WarrantyPolicy) -> dict[str, object]:
    from aftersales.warranty.models import Entitlement, WarrantyPolicy

    stored = WarrantyPolicy.objects.filter(pk=policy.pk).first()
    used = Entitlement.objects.filter(policy_id=policy.pk)
    if stored is None or not used.exists():
        return {}
    changed = [f for f in TERMS_FIELDS if getattr(stored, f) != getattr(policy, f)]
    if changed:
        message = _(
            "Decisions were made under this version: its terms never change. Add a new version "
            "from a later day instead."
        )
        return {changed[0].removesuffix("_id"): message}
    last = used.aggregate(last=Max("policy_date"))["last"]
    if policy.valid_to is not None and last is not None and policy.valid_to < last:
        message = lazy_message(
            _(
                "A decision was made under this version for a unit sold on %(day)s: it cannot "
                "end before that day."
            ),
            day=last.isoformat(),
        )
        return {"valid_to": message}
    return {}


def _period_rules(policy: WarrantyPolicy) -> dict[str, object]:
    """No overlap with another version of the scope (but the one this version closes), and no
    start on or before a day already decided under other terms."""
    from aftersales.warranty.models import Entitlement, WarrantyPolicy

    # Only a new version closes the one before it; an edited one must fit between its neighbours.
    closes = predecessor(policy) if policy.pk is None else None
    others = _same_scope(WarrantyPolicy.objects.all(), policy)
    if closes is not None:
        others = others.exclude(pk=closes.pk)
    overlap = others.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=policy.valid_from),
        **({} if policy.valid_to is None else {"valid_from__lte": policy.valid_to}),
    ).first()
    if overlap is not None:
        return {
            "valid_from": lazy_message(
                _("Overlaps the version “%(version)s” valid from %(day)s."),
                version=overlap.version_label,
                day=overlap.valid_from.isoformat(),
            )
        }
    decided = Entitlement.objects.filter(policy_date__gte=policy.valid_from).exclude(
        policy_id=policy.pk
    )
    if policy.valid_to is not None:
        decided = decided.filter(policy_date__lte=policy.valid_to)
    if policy.product_model_id is not None:
        decided = decided.filter(work_order__asset__product_model_id=policy.product_model_id)
    else:
        # A model's own version goes before this one: its decisions stay as they are.
        decided = decided.filter(
            work_order__asset__product_model__category_id=policy.category_id
        ).exclude(policy__product_model__isnull=False)
    last = decided.aggregate(last=Max("policy_date"))["last"]
    if last is not None:
        return {
            "valid_from": lazy_message(
                _(
                    "Decisions were already made for units sold on %(day)s under other terms: "
                    "start this version after that day."
                ),
                day=last.isoformat(),
            )
        }
    return {}


def closing_day(successor: WarrantyPolicy) -> date:
    return successor.valid_from - timedelta(days=1)
