"""Which old parts come back, and where: the manufacturer's rules (data) applied to one part."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aftersales.catalog.models import Part
from aftersales.settlement.choices import Disposition
from aftersales.settlement.models import OldPartRule

DEFAULT_RETURN_DAYS = 30


@dataclass(frozen=True)
class Rule:
    disposition: str
    scrap_deduction_percent: Decimal = Decimal("0.00")
    return_within_days: int = DEFAULT_RETURN_DAYS


# Without a rule of the manufacturer's, an old part comes back to it (the auditor can always
# look at it; a manufacturer that does not want it says so in a rule).
DEFAULT = Rule(Disposition.RETURN_MANUFACTURER)


def rules_of(manufacturer_id: int) -> list[OldPartRule]:
    return list(OldPartRule.objects.filter(manufacturer_id=manufacturer_id))


def rule_for(rules: list[OldPartRule], part: Part, category_id: int | None) -> Rule:
    """The part's own rule, else its model's category's, else the manufacturer's default."""
    by_part = next((r for r in rules if r.part_id == part.pk), None)
    by_category = next(
        (r for r in rules if category_id and r.category_id == category_id and not r.part_id), None
    )
    default = next((r for r in rules if not r.part_id and not r.category_id), None)
    row = by_part or by_category or default
    if row is None:
        return DEFAULT
    disposition = row.disposition
    if disposition == Disposition.RETURN_SUPPLIER and part.supplier_id is None:
        # Nobody to send it to straight: it goes to the manufacturer.
        disposition = Disposition.RETURN_MANUFACTURER
    return Rule(disposition, row.scrap_deduction_percent, row.return_within_days)
