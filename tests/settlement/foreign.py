"""Settlement records in another network, for the access matrix (tests/test_access_matrix.py):
an old part, a shipment, a statement with a line and a supplier recovery of the foreign station
and manufacturer. Written directly: the matrix needs them to exist, not to have a history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aftersales.catalog import services as catalog
from aftersales.core import clock
from aftersales.core.services import organisation_create
from aftersales.settlement.models import (
    OldPart,
    OldPartShipment,
    Statement,
    StatementLine,
    SupplierRecovery,
)
from aftersales.settlement.periods import current_month


def foreign_settlement_records(*, claim: Any, claim_line: Any) -> dict[str, Any]:
    now = clock.now()
    station, maker = claim.station, claim.manufacturer
    supplier = organisation_create(kind="supplier", code="SUP2", name="外网供应商")
    part = catalog.part_create(
        manufacturer=maker, number="P2-9", name="主板", unit_price=Decimal("200.00")
    )
    shipment = OldPartShipment.objects.create(
        number="RS-FOREIGN-1",
        station=station,
        manufacturer=maker,
        destination=maker,
        carrier="EMS",
        tracking_number="E1",
        package_count=1,
        weight_kg=Decimal("1.00"),
        shipped_at=now,
        created_at=now,
        updated_at=now,
    )
    old_part = OldPart.objects.create(
        number="OP-FOREIGN-1",
        status="shipped",
        claim=claim,
        claim_line=claim_line,
        part=part,
        quantity=1,
        amount=Decimal("10.00"),
        disposition="return_manufacturer",
        station=station,
        manufacturer=maker,
        destination=maker,
        shipment=shipment,
        created_at=now,
        updated_at=now,
    )
    statement = Statement.objects.create(
        kind="manufacturer_station",
        period=current_month(),
        manufacturer=maker,
        payer=maker,
        payee=station,
        station=station,
        created_at=now,
        updated_at=now,
    )
    line = StatementLine.objects.create(
        statement=statement,
        kind="adjustment",
        reference="ADJ",
        amount=Decimal("1.00"),
        other=Decimal("1.00"),
    )
    recovery = SupplierRecovery.objects.create(
        number="RC-FOREIGN-1",
        period=current_month(),
        manufacturer=maker,
        supplier=supplier,
        parts_share_percent=100,
        labour_share_percent=100,
        handling_fee_percent=0,
        created_at=now,
        updated_at=now,
    )
    return {
        "old_part": old_part,
        "shipment": shipment,
        "statement": statement,
        "statement_line": line,
        "recovery": recovery,
        "manufacturer": maker,
        "station": station,
    }
