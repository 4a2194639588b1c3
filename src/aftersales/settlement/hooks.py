"""Settlement's subscriptions to the claim's machine (registered from SettlementConfig.ready()):
an approved claim's part lines get their old parts, with the disposition the manufacturer's
rules give, in the same transaction as the decision."""

from __future__ import annotations

from decimal import Decimal

from aftersales.claims.models import Claim
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core.state_machine import Change
from aftersales.settlement.old_parts import old_parts_assign


@CLAIM_FLOW.after("approve", "approve_in_part", "auto_approve")
def assign_old_parts(claim: Claim, change: Change) -> None:
    # The claims app stores the lines' verdicts after the transition: the decision's own data
    # says which lines were approved for less (claims/review.py), every other line in full.
    approved = {
        int(adjustment["line"]): Decimal(adjustment["approved"])
        for adjustment in change.data.get("adjustments", [])
    }
    old_parts_assign(claim=claim, approved=approved, in_full=True, actor=change.actor)
