"""The old part's, the return shipment's, the statement's and the recovery's state machines,
declared once (../shared/STYLE.md 1).

Old part (旧件)::

    awaiting_return ─ship→ shipped ─accept→ accepted ─────────────┐
          ↑ unship (shipment cancelled) │─report_missing→ missing ─┤
                                        │─report_wrong→ wrong_part ┼─write_off→ written_off
                                        └─report_fault_not_confirmed→ fault_not_confirmed
    awaiting_scrap ─scrap→ scrapped ─write_off→ written_off

Return shipment: in_transit ─receive→ received; in_transit ─cancel→ cancelled.

Statement (对账单)::

    issued ─confirm→ confirmed ─approve→ locked (numbered; nothing changes after)
    issued ─dispute→ disputed ─reissue→ issued (finance answered every disputed line)

Supplier recovery (追偿单)::

    issued ─confirm→ confirmed ─close→ recovered (what came back covers what was agreed)
    issued ─dispute→ disputed ─revise→ issued
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftersales.core.events import Audience
from aftersales.core.numbering import next_monthly_number
from aftersales.core.state_machine import Change, StateMachine, Transition, register_machine
from aftersales.settlement.choices import (
    Inspection,
    OldPartStatus,
    RecoveryStatus,
    ShipmentStatus,
    StatementStatus,
)
from aftersales.settlement.models import (
    OldPart,
    OldPartShipment,
    Statement,
    SupplierRecovery,
)
from aftersales.settlement.permissions import (
    FINANCE,
    PAYEES,
    RECEIVERS,
    STATION_PARTS,
    SUPPLIER_RESPONDERS,
    WRITE_OFF,
    at_destination,
    at_manufacturer,
    at_payee,
    at_payer,
    at_station,
    at_supplier,
)

StrOrPromise = str | Promise
P = OldPartStatus
INSPECTED = frozenset({P.ACCEPTED, P.FAULT_NOT_CONFIRMED, P.MISSING, P.WRONG_PART})
# Inspection result → the old part's transition.
INSPECTION_TRANSITIONS = {
    Inspection.RECEIVED: "accept",
    Inspection.MISSING: "report_missing",
    Inspection.WRONG_PART: "report_wrong",
    Inspection.FAULT_NOT_CONFIRMED: "report_fault_not_confirmed",
}


def record_inspection(part: OldPart, change: Change) -> None:
    part.inspection = change.params["inspection"]
    part.inspection_note = change.reason
    part.inspected_at = change.at
    change.data.update(inspection=part.inspection, shipment=change.params.get("shipment", ""))


def leave_shipment(part: OldPart, change: Change) -> None:
    change.data["shipment"] = part.shipment.number if part.shipment else ""
    part.shipment = None


def mark_written_off(part: OldPart, change: Change) -> None:
    part.written_off_at = change.at


def _inspect(name: str, label: StrOrPromise, target: str, done: StrOrPromise) -> Transition:
    return Transition(
        name,
        label,
        frozenset({P.SHIPPED}),
        target,
        RECEIVERS,
        guard=at_destination,
        style="danger" if target in (P.MISSING, P.WRONG_PART) else "primary",
        done_label=done,
        audience=Audience.STATION,
        effects=(record_inspection,),
    )


OLD_PART_FLOW = StateMachine(
    name="old_part",
    states=OldPartStatus,
    colours={
        P.AWAITING_RETURN: "orange",
        P.AWAITING_SCRAP: "orange",
        P.SHIPPED: "blue",
        P.ACCEPTED: "green",
        P.FAULT_NOT_CONFIRMED: "yellow",
        P.MISSING: "red",
        P.WRONG_PART: "red",
        P.SCRAPPED: "grey",
        P.WRITTEN_OFF: "grey",
    },
    groups={
        "open": frozenset({P.AWAITING_RETURN, P.AWAITING_SCRAP, P.SHIPPED}),
        "inspected": INSPECTED,
        # Taken back on the station's next statement.
        "reversed": frozenset({P.MISSING, P.WRONG_PART}),
        "terminal": frozenset({P.WRITTEN_OFF}),
    },
    transitions=[
        Transition(
            "ship",
            _("Ship"),
            frozenset({P.AWAITING_RETURN}),
            P.SHIPPED,
            STATION_PARTS,
            guard=at_station,
            done_label=_("Old part shipped"),
            audience=Audience.STATION,
        ),
        Transition(
            "unship",
            _("Take off the shipment"),
            frozenset({P.SHIPPED}),
            P.AWAITING_RETURN,
            STATION_PARTS,
            guard=at_station,
            reason_required=True,
            style="secondary",
            done_label=_("Old part taken off a cancelled shipment"),
            audience=Audience.STATION,
            effects=(leave_shipment,),
        ),
        _inspect("accept", _("Received"), P.ACCEPTED, _("Old part received and accepted")),
        _inspect("report_missing", _("Missing"), P.MISSING, _("Old part missing")),
        _inspect("report_wrong", _("Wrong part"), P.WRONG_PART, _("Wrong old part received")),
        _inspect(
            "report_fault_not_confirmed",
            _("Fault not confirmed"),
            P.FAULT_NOT_CONFIRMED,
            _("Old part: fault not confirmed"),
        ),
        Transition(
            "scrap",
            _("Scrapped on site"),
            frozenset({P.AWAITING_SCRAP}),
            P.SCRAPPED,
            STATION_PARTS,
            guard=at_station,
            done_label=_("Old part scrapped on site"),
            audience=Audience.STATION,
        ),
        Transition(
            "write_off",
            _("Write off"),
            INSPECTED | frozenset({P.SCRAPPED}),
            P.WRITTEN_OFF,
            WRITE_OFF,
            guard=at_manufacturer,
            done_label=_("Old part written off"),
            audience=Audience.STATION,
            effects=(mark_written_off,),
        ),
    ],
)
register_machine(OldPart, OLD_PART_FLOW)


def mark_received(shipment: OldPartShipment, change: Change) -> None:
    shipment.received_at = change.at
    shipment.received_by = change.actor


H = ShipmentStatus
SHIPMENT_FLOW = StateMachine(
    name="old_part_shipment",
    states=ShipmentStatus,
    colours={H.IN_TRANSIT: "blue", H.RECEIVED: "green", H.CANCELLED: "grey"},
    groups={"open": frozenset({H.IN_TRANSIT}), "terminal": frozenset({H.RECEIVED, H.CANCELLED})},
    transitions=[
        Transition(
            "receive",
            _("Receive and inspect"),
            frozenset({H.IN_TRANSIT}),
            H.RECEIVED,
            RECEIVERS,
            guard=at_destination,
            done_label=_("Shipment received and inspected"),
            audience=Audience.STATION,
            effects=(mark_received,),
        ),
        Transition(
            "cancel",
            _("Cancel shipment"),
            frozenset({H.IN_TRANSIT}),
            H.CANCELLED,
            STATION_PARTS,
            guard=at_station,
            reason_required=True,
            style="danger",
            done_label=_("Shipment cancelled"),
            audience=Audience.STATION,
        ),
    ],
)
register_machine(OldPartShipment, SHIPMENT_FLOW)


def mark_confirmed(statement: Statement, change: Change) -> None:
    statement.confirmed_at = change.at
    statement.confirmed_by = change.actor


def lock_and_number(statement: Statement, change: Change) -> None:
    statement.number = next_monthly_number("ST")
    statement.locked_at = change.at
    statement.approved_by = change.actor
    change.data.update(number=statement.number, total=str(statement.total_amount))


T = StatementStatus
STATEMENT_FLOW = StateMachine(
    name="statement",
    states=StatementStatus,
    colours={T.ISSUED: "blue", T.DISPUTED: "orange", T.CONFIRMED: "cyan", T.LOCKED: "green"},
    groups={
        # Lines may still be added (a later run), disputed and answered.
        "open": frozenset({T.ISSUED, T.DISPUTED, T.CONFIRMED}),
        "terminal": frozenset({T.LOCKED}),
    },
    transitions=[
        Transition(
            "confirm",
            _("Confirm the statement"),
            frozenset({T.ISSUED}),
            T.CONFIRMED,
            PAYEES,
            guard=at_payee,
            done_label=_("Statement confirmed"),
            audience=Audience.STATION,
            effects=(mark_confirmed,),
        ),
        Transition(
            "dispute",
            _("Dispute lines"),
            frozenset({T.ISSUED}),
            T.DISPUTED,
            PAYEES,
            guard=at_payee,
            style="secondary",
            done_label=_("Statement lines disputed"),
            audience=Audience.STATION,
        ),
        Transition(
            "reissue",
            _("Send back for confirmation"),
            frozenset({T.DISPUTED}),
            T.ISSUED,
            FINANCE,
            guard=at_payer,
            done_label=_("Disputes answered, sent back for confirmation"),
            audience=Audience.STATION,
        ),
        Transition(
            "approve",
            _("Approve and lock"),
            frozenset({T.CONFIRMED}),
            T.LOCKED,
            FINANCE,
            guard=at_payer,
            done_label=_("Statement approved and locked"),
            audience=Audience.STATION,
            effects=(lock_and_number,),
        ),
    ],
)
register_machine(Statement, STATEMENT_FLOW)


def record_answer(recovery: SupplierRecovery, change: Change) -> None:
    recovery.responded_at = change.at
    recovery.responded_by = change.actor
    if change.name == "confirm":
        recovery.agreed_amount = recovery.total_amount
        recovery.dispute_reason = ""
    else:
        recovery.dispute_reason = change.reason
    change.data["total"] = str(recovery.total_amount)


def record_revision(recovery: SupplierRecovery, change: Change) -> None:
    amount = change.params.get("total_amount")
    if amount is not None:
        change.data.update(before=str(recovery.total_amount), after=str(amount))
        recovery.total_amount = amount


R = RecoveryStatus
RECOVERY_FLOW = StateMachine(
    name="supplier_recovery",
    states=RecoveryStatus,
    colours={R.ISSUED: "blue", R.DISPUTED: "orange", R.CONFIRMED: "cyan", R.RECOVERED: "green"},
    groups={
        "open": frozenset({R.ISSUED, R.DISPUTED, R.CONFIRMED}),
        "terminal": frozenset({R.RECOVERED}),
    },
    transitions=[
        Transition(
            "confirm",
            _("Confirm"),
            frozenset({R.ISSUED}),
            R.CONFIRMED,
            SUPPLIER_RESPONDERS,
            guard=at_supplier,
            done_label=_("Recovery confirmed by the supplier"),
            audience=Audience.MANUFACTURER,
            effects=(record_answer,),
        ),
        Transition(
            "dispute",
            _("Dispute"),
            frozenset({R.ISSUED}),
            R.DISPUTED,
            SUPPLIER_RESPONDERS,
            guard=at_supplier,
            reason_required=True,
            style="danger",
            done_label=_("Recovery disputed by the supplier"),
            audience=Audience.MANUFACTURER,
            effects=(record_answer,),
        ),
        Transition(
            "revise",
            _("Revise and send again"),
            frozenset({R.DISPUTED}),
            R.ISSUED,
            FINANCE,
            guard=at_manufacturer,
            reason_required=True,
            done_label=_("Recovery revised and sent again"),
            audience=Audience.MANUFACTURER,
            effects=(record_revision,),
        ),
        Transition(
            "close",
            _("Recovered in full"),
            frozenset({R.CONFIRMED}),
            R.RECOVERED,
            FINANCE,
            guard=at_manufacturer,
            done_label=_("Recovered in full"),
            audience=Audience.MANUFACTURER,
        ),
    ],
)
register_machine(SupplierRecovery, RECOVERY_FLOW)
