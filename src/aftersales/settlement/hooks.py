"""Settlement's subscriptions to the claim's machine (registered from SettlementConfig.ready()):
an approved claim's part lines get their old parts, with the disposition the manufacturer's
rules give, in the same transaction as the decision."""

from __future__ import annotations

from aftersales.claims.models import Claim
from aftersales.claims.workflow import CLAIM_FLOW
from aftersales.core.state_machine import Change
from aftersales.settlement.old_parts import old_parts_assign


@CLAIM_FLOW.after("approve", "approve_in_part", "auto_approve")
def assign_old_parts(claim: Claim, change: Change) -> None:
    # The claims app stores each line's verdict before the decision's transition
    # (claims/review.py, claims/submission.py): the approved amounts are on the lines.
    old_parts_assign(claim=claim, actor=change.actor)
