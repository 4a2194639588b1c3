"""The claim's and the pre-authorisation's state machines, declared once (../shared/STYLE.md 1).

Claim (保修索赔单)::

    draft ─submit→ submitted ─approve→ approved ─settle→ settled
                    │  (auto_approve: clean and under the threshold, by the system)
                    ├─approve_in_part→ partially_approved ─settle→ settled
                    ├─reject→ rejected
                    └─return→ returned ─resubmit→ resubmitted ─(the same decisions)…
    cancel (reason) from draft or returned

Submitting runs the checks (`checks.py`) before the transition; a blocking finding refuses it.
Each decision is the transition's audit event, with the line adjustments in its data.
`settle` is the settlement run's (the statement that pays the approved amounts).

Pre-authorisation (预授权): requested ─grant→ granted, requested ─refuse→ refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftersales.claims.choices import ClaimStatus, PreAuthorisationStatus
from aftersales.claims.models import Claim, PreAuthorisation
from aftersales.claims.permissions import (
    FINANCE,
    REVIEWERS,
    STATION_CLAIMS,
    SYSTEM_ONLY,
    at_manufacturer,
    at_station,
)
from aftersales.core.events import Audience
from aftersales.core.state_machine import Change, StateMachine, Transition, register_machine

S = ClaimStatus
AWAITING_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})
DECIDED = frozenset({S.APPROVED, S.PARTIALLY_APPROVED})


def lock_claim(pk: int) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("station", "manufacturer", "work_order", "product_model__category")
        .get(pk=pk)
    )


def enter_review(claim: Claim, change: Change) -> None:
    """A new version goes to the manufacturer: its number, its deadline, its findings' count;
    an earlier decision no longer stands."""
    claim.revision += 1
    claim.submitted_at = change.at
    if claim.first_submitted_at is None:
        claim.first_submitted_at = change.at
    claim.decision_due = change.params["decision_due"]
    claim.warnings = change.params["warnings"]
    claim.approved_amount = None
    claim.decided_at = None
    claim.decided_by = None
    claim.decision_reason = ""
    claim.decision_comment = ""
    change.data.update(revision=claim.revision, decision_due=claim.decision_due.isoformat())


def record_decision(claim: Claim, change: Change) -> None:
    claim.decided_at = change.at
    claim.decided_by = change.actor
    claim.decision_reason = change.params.get("reason_code", "")
    claim.decision_comment = change.reason
    approved = change.params.get("approved_amount")
    claim.approved_amount = approved
    change.data.update(
        revision=claim.revision,
        reason_code=claim.decision_reason,
        claimed=str(claim.total_amount),
        approved=None if approved is None else str(approved),
    )


def mark_settled(claim: Claim, change: Change) -> None:
    claim.settled_at = change.at


CLAIM_FLOW = StateMachine(
    name="claim",
    states=ClaimStatus,
    lock=lock_claim,
    colours={
        S.DRAFT: "grey",
        S.SUBMITTED: "blue",
        S.RESUBMITTED: "indigo",
        S.APPROVED: "green",
        S.PARTIALLY_APPROVED: "cyan",
        S.REJECTED: "red",
        S.RETURNED: "orange",
        S.CANCELLED: "grey",
        S.SETTLED: "green",
    },
    groups={
        # The station may change header, lines and photos.
        "editable": frozenset({S.DRAFT, S.RETURNED}),
        "awaiting_review": AWAITING_REVIEW,
        # Amounts settlement may pay (locked once settled).
        "decided": DECIDED,
        "terminal": frozenset({S.REJECTED, S.CANCELLED, S.SETTLED}),
        # Counted as a claim (for duplicates, the station's claim rate): everything submitted.
        "submitted": AWAITING_REVIEW | DECIDED | frozenset({S.REJECTED, S.RETURNED, S.SETTLED}),
    },
    transitions=[
        Transition(
            "submit",
            _("Submit"),
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            STATION_CLAIMS,
            guard=at_station,
            done_label=_("Claim submitted (提交索赔)"),
            audience=Audience.STATION,
            effects=(enter_review,),
        ),
        Transition(
            "resubmit",
            _("Resubmit"),
            frozenset({S.RETURNED}),
            S.RESUBMITTED,
            STATION_CLAIMS,
            guard=at_station,
            done_label=_("Corrected and resubmitted (重新提交)"),
            audience=Audience.STATION,
            effects=(enter_review,),
        ),
        Transition(
            "auto_approve",
            _("Approve automatically"),
            AWAITING_REVIEW,
            S.APPROVED,
            SYSTEM_ONLY,
            done_label=_("Approved automatically (自动批准)"),
            audience=Audience.STATION,
            effects=(record_decision,),
        ),
        Transition(
            "approve",
            _("Approve"),
            AWAITING_REVIEW,
            S.APPROVED,
            REVIEWERS,
            guard=at_manufacturer,
            done_label=_("Claim approved (批准)"),
            audience=Audience.STATION,
            effects=(record_decision,),
        ),
        Transition(
            "approve_in_part",
            _("Approve in part"),
            AWAITING_REVIEW,
            S.PARTIALLY_APPROVED,
            REVIEWERS,
            guard=at_manufacturer,
            style="secondary",
            done_label=_("Claim approved in part (部分批准)"),
            audience=Audience.STATION,
            effects=(record_decision,),
        ),
        Transition(
            "reject",
            _("Reject"),
            AWAITING_REVIEW,
            S.REJECTED,
            REVIEWERS,
            guard=at_manufacturer,
            reason_required=True,
            style="danger",
            done_label=_("Claim rejected (拒绝)"),
            audience=Audience.STATION,
            effects=(record_decision,),
        ),
        Transition(
            "return",
            _("Return for correction"),
            AWAITING_REVIEW,
            S.RETURNED,
            REVIEWERS,
            guard=at_manufacturer,
            reason_required=True,
            style="secondary",
            done_label=_("Claim returned for correction (退单重报)"),
            audience=Audience.STATION,
            effects=(record_decision,),
        ),
        Transition(
            "cancel",
            _("Withdraw"),
            frozenset({S.DRAFT, S.RETURNED}),
            S.CANCELLED,
            STATION_CLAIMS,
            guard=at_station,
            reason_required=True,
            style="danger",
            done_label=_("Claim withdrawn (撤销)"),
            audience=Audience.STATION,
        ),
        Transition(
            "settle",
            _("Mark settled"),
            DECIDED,
            S.SETTLED,
            FINANCE,
            guard=at_manufacturer,
            done_label=_("Claim settled (结算)"),
            audience=Audience.STATION,
            effects=(mark_settled,),
        ),
    ],
)
register_machine(Claim, CLAIM_FLOW)


def record_pre_authorisation(record: PreAuthorisation, change: Change) -> None:
    record.decided_at = change.at
    record.decided_by = change.actor
    record.decision_comment = change.reason
    record.amount_limit = change.params.get("amount_limit")
    change.data["amount_limit"] = None if record.amount_limit is None else str(record.amount_limit)


P = PreAuthorisationStatus
PRE_AUTHORISATION_FLOW = StateMachine(
    name="pre_authorisation",
    states=PreAuthorisationStatus,
    colours={P.REQUESTED: "blue", P.GRANTED: "green", P.REFUSED: "red"},
    groups={"open": frozenset({P.REQUESTED}), "terminal": frozenset({P.GRANTED, P.REFUSED})},
    transitions=[
        Transition(
            "grant",
            _("Grant"),
            frozenset({P.REQUESTED}),
            P.GRANTED,
            REVIEWERS,
            guard=at_manufacturer,
            done_label=_("Pre-authorisation granted (预授权批准)"),
            audience=Audience.STATION,
            requires={"amount_limit": ("amount_limit", _("State the amount authorised."))},
            effects=(record_pre_authorisation,),
        ),
        Transition(
            "refuse",
            _("Refuse"),
            frozenset({P.REQUESTED}),
            P.REFUSED,
            REVIEWERS,
            guard=at_manufacturer,
            reason_required=True,
            style="danger",
            done_label=_("Pre-authorisation refused (预授权拒绝)"),
            audience=Audience.STATION,
            effects=(record_pre_authorisation,),
        ),
    ],
)
register_machine(PreAuthorisation, PRE_AUTHORISATION_FLOW)
