"""Line pricing: pure Decimal arithmetic.

Labour price = standard hours × hourly rate × model complexity coefficient
(工时费 = 工时定额 × 工时单价 × 车型技术复杂系数, ../shared/DOMAIN.md §4.1).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def labour_amount(hours: Decimal, rate: Decimal, coefficient: Decimal) -> Decimal:
    return money(hours * rate * coefficient)


def part_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return money(quantity * unit_price)


def totals(lines: Iterable[tuple[str, Decimal]]) -> tuple[Decimal, Decimal, Decimal]:
    """(labour, parts, total) from (kind, amount) pairs."""
    labour = parts = Decimal("0")
    for kind, amount in lines:
        if kind == "labour":
            labour += amount
        else:
            parts += amount
    return money(labour), money(parts), money(labour + parts)
