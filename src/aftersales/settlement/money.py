"""Settlement arithmetic: pure Decimal, to the fen, half-up (元角分, 四舍五入). Each figure is
rounded once where it is made (a line, a fee, a share), and totals are sums of rounded figures,
so a statement balances to the cent by construction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def money(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return money(amount * percent / HUNDRED)


@dataclass
class Breakdown:
    """An approved claim's amount by what it pays for."""

    labour: Decimal = ZERO
    parts: Decimal = ZERO
    travel: Decimal = ZERO
    outside_purchase: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.labour + self.parts + self.travel + self.outside_purchase + self.other

    def settle_to(self, approved: Decimal) -> Breakdown:
        """The breakdown of what is paid: a difference between the lines and the claim's
        approved amount (a rounding of the reviewer's) lands in `other`, so the line balances."""
        gap = money(approved) - self.total
        return Breakdown(
            self.labour, self.parts, self.travel, self.outside_purchase, self.other + gap
        )


def breakdown(lines: Iterable[tuple[str, bool, Decimal]]) -> Breakdown:
    """From (kind, outside purchase?, approved amount) per claim line."""
    b = Breakdown()
    for kind, outside, amount in lines:
        if kind == "labour":
            b.labour += amount
        elif kind == "part":
            if outside:
                b.outside_purchase += amount
            else:
                b.parts += amount
        elif kind == "travel":
            b.travel += amount
        else:
            b.other += amount
    return b


@dataclass
class Totals:
    """A statement's figures from its lines (kind, breakdown, amount)."""

    labour: Decimal = ZERO
    parts: Decimal = ZERO
    travel: Decimal = ZERO
    outside_purchase: Decimal = ZERO
    other: Decimal = ZERO
    claims: Decimal = ZERO
    deductions: Decimal = ZERO
    adjustments: Decimal = ZERO
    fee: Decimal = ZERO
    count: int = 0
    by_kind: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.claims + self.deductions + self.adjustments + self.fee

    @property
    def before_fee(self) -> Decimal:
        return self.claims + self.deductions + self.adjustments


CLAIM_KINDS = frozenset({"claim", "station_statement"})
DEDUCTION_KINDS = frozenset({"old_part_reversal", "old_part_overdue", "scrap_deduction", "penalty"})
FEE_KINDS = frozenset({"network_fee"})


def add_line(totals: Totals, kind: str, b: Breakdown, amount: Decimal, count: int = 1) -> None:
    """Add a line (or `count` lines of one kind, summed). A station statement's line on the
    network's statement carries the station's claims by what they pay for, and its deductions
    and adjustments as the rest of its amount."""
    totals.count += count
    totals.by_kind[kind] = totals.by_kind.get(kind, ZERO) + amount
    if kind in CLAIM_KINDS:
        totals.claims += b.total
        totals.deductions += amount - b.total
        totals.labour += b.labour
        totals.parts += b.parts
        totals.travel += b.travel
        totals.outside_purchase += b.outside_purchase
        totals.other += b.other
    elif kind in DEDUCTION_KINDS:
        totals.deductions += amount
    elif kind in FEE_KINDS:
        totals.fee += amount
    else:
        totals.adjustments += amount


def network_fee(claims: Decimal, percent: Decimal) -> Decimal:
    """The network keeps its rate of the approved claims it passes on (never of deductions)."""
    return -percent_of(claims, percent) if percent else ZERO


@dataclass(frozen=True)
class RecoveryTerms:
    parts_share_percent: Decimal = HUNDRED
    labour_share_percent: Decimal = HUNDRED
    handling_fee_percent: Decimal = ZERO


@dataclass(frozen=True)
class RecoveryAmounts:
    parts: Decimal
    labour: Decimal
    handling_fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.parts + self.labour + self.handling_fee


def recovery_amounts(parts: Decimal, labour: Decimal, terms: RecoveryTerms) -> RecoveryAmounts:
    """What a supplier owes on one claim: its shares of the approved parts of its own and the
    labour, and the handling fee on those."""
    p = percent_of(parts, terms.parts_share_percent)
    lab = percent_of(labour, terms.labour_share_percent)
    return RecoveryAmounts(p, lab, percent_of(p + lab, terms.handling_fee_percent))
