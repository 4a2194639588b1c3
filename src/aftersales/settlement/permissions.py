"""Who may act on old parts, statements and recoveries: the role sets and actions, declared once.

A role acts only for its own organisation's side of a record: the station ships and scraps its
old parts and confirms or disputes its statements (服务经理, its 财务); whoever the parts go to
(the manufacturer's or the supplier's 备件员, 审核员 or 保修鉴定员) receives and inspects them; the
manufacturer writes them off; the payer's finance (财务: the manufacturer's, or the network's for
its stations) generates, answers disputes, approves and locks; the supplier's people confirm or
dispute what the manufacturer recovers from it. The machines in `workflow.py` declare one
action per transition with these sets.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from aftersales.core.access import NOTHING, Principal, declare_action, roles
from aftersales.core.models import OrganisationKind
from aftersales.core.roles import Role

STATION_PARTS = roles(
    Role.ADVISOR, Role.MANAGER, Role.PARTS_CLERK, Role.WARRANTY_ASSESSOR, Role.ADMIN
)
RECEIVERS = roles(Role.PARTS_CLERK, Role.AUDITOR, Role.WARRANTY_ASSESSOR, Role.ADMIN)
WRITE_OFF = roles(Role.PARTS_CLERK, Role.AUDITOR, Role.WARRANTY_ASSESSOR, Role.FINANCE, Role.ADMIN)
PAYEES = roles(Role.MANAGER, Role.FINANCE, Role.ADMIN)
FINANCE = roles(Role.FINANCE, Role.ADMIN)
SUPPLIER_RESPONDERS = roles(Role.FINANCE, Role.MANAGER, Role.AUDITOR, Role.ADMIN)
SYSTEM_ONLY = roles(Role.ADMIN)
# Who opens the settlement pages at all (what they see is the access layer's).
READERS = (
    STATION_PARTS
    | RECEIVERS
    | WRITE_OFF
    | PAYEES
    | FINANCE
    | SUPPLIER_RESPONDERS
    | roles(Role.AGENT, Role.DISPATCHER)
)


def _org_is(p: Principal, kind: str, org_id: Any) -> bool:
    return p.org_kind == kind and org_id is not None and org_id == p.organisation_id


def at_station(record: Any, p: Principal) -> bool:
    return _org_is(p, OrganisationKind.STATION, record.station_id)


def at_manufacturer(record: Any, p: Principal) -> bool:
    return _org_is(p, OrganisationKind.MANUFACTURER, record.manufacturer_id)


def at_destination(record: Any, p: Principal) -> bool:
    return record.destination_id is not None and record.destination_id == p.organisation_id


def at_payee(record: Any, p: Principal) -> bool:
    return record.payee_id == p.organisation_id


def at_payer(record: Any, p: Principal) -> bool:
    return record.payer_id == p.organisation_id


def at_supplier(record: Any, p: Principal) -> bool:
    return _org_is(p, OrganisationKind.SUPPLIER, record.supplier_id)


def _where(kind: str, field: str) -> Any:
    def where(p: Principal) -> Q:
        if p.org_kind != kind or p.organisation_id is None:
            return NOTHING
        return Q(**{field: p.organisation_id})

    return where


def _mine(field: str) -> Any:
    def where(p: Principal) -> Q:
        return NOTHING if p.organisation_id is None else Q(**{field: p.organisation_id})

    return where


declare_action("settlement:view", roles=READERS)
# A return shipment of the station's old parts (the packing list, the carrier, the tags).
declare_action(
    "old_part_shipment:create",
    roles=STATION_PARTS,
    guard=at_station,
    where=_where(OrganisationKind.STATION, "station_id"),
)
# Generate a month's statements (the manufacturer's finance).
declare_action(
    "statement:generate",
    roles=FINANCE,
    where=_where(OrganisationKind.MANUFACTURER, "manufacturer_id"),
)
# Record a penalty or an adjustment for a station's next statement.
declare_action(
    "statement:adjust",
    roles=FINANCE,
    where=_where(OrganisationKind.MANUFACTURER, "manufacturer_id"),
)
# Answer a station's dispute of a line (the payer's finance, before the statement is locked).
declare_action("statement:resolve", roles=FINANCE, guard=at_payer, where=_mine("payer_id"))
# Recoveries: generate (the manufacturer's finance), record what came back.
declare_action(
    "recovery:generate",
    roles=FINANCE,
    where=_where(OrganisationKind.MANUFACTURER, "manufacturer_id"),
)
declare_action(
    "recovery:record_payment",
    roles=FINANCE,
    guard=at_manufacturer,
    where=_where(OrganisationKind.MANUFACTURER, "manufacturer_id"),
)
