"""Claim line pricing: pure Decimal arithmetic, to the fen, half-up (元角分, 四舍五入).

- labour: claimed hours × contracted hourly rate × the model's complexity coefficient
  (工时费 = 工时 × 工时单价 × 技术复杂系数, as on the work order);
- part: quantity × (list price + handling markup), the unit price rounded to the fen first
  (the price the station sees on the line is the one it is paid);
- outside purchase: quantity × the invoice's unit price, no markup;
- travel: km × rate per km + the call-out fee (外出里程费 + 出车费);
- other: the amount itself.

An approval in part reprices a line at its approved quantity with the same prices, or takes an
amount the reviewer states; it never exceeds what was claimed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def labour_amount(hours: Decimal, rate: Decimal, coefficient: Decimal) -> Decimal:
    return money(hours * rate * coefficient)


def marked_up(list_price: Decimal, markup_percent: Decimal) -> Decimal:
    return money(list_price * (HUNDRED + markup_percent) / HUNDRED)


def part_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return money(quantity * unit_price)


def travel_amount(km: Decimal, rate_per_km: Decimal, call_out_fee: Decimal) -> Decimal:
    return money(km * rate_per_km) + money(call_out_fee)


def line_amount(
    kind: str,
    quantity: Decimal,
    unit_price: Decimal,
    *,
    coefficient: Decimal = Decimal("1.00"),
    call_out_fee: Decimal = ZERO,
) -> Decimal:
    if kind == "labour":
        return labour_amount(quantity, unit_price, coefficient)
    if kind == "travel":
        return travel_amount(quantity, unit_price, call_out_fee)
    return part_amount(quantity, unit_price)


@dataclass(frozen=True)
class Totals:
    labour: Decimal = ZERO
    parts: Decimal = ZERO
    travel: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return money(self.labour + self.parts + self.travel + self.other)


def totals(lines: Iterable[tuple[str, Decimal]]) -> Totals:
    """The claim's amounts by kind from (kind, amount) pairs."""
    sums = {"labour": ZERO, "part": ZERO, "travel": ZERO, "other": ZERO}
    for kind, amount in lines:
        sums[kind] += amount
    return Totals(
        labour=money(sums["labour"]),
        parts=money(sums["part"]),
        travel=money(sums["travel"]),
        other=money(sums["other"]),
    )
