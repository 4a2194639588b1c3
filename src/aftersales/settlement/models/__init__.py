"""Settlement's records: old parts and their return shipments (`old_parts.py`), statements and
their lines (`statements.py`), supplier recoveries (`recovery.py`), and the rules as data
(`terms.py`)."""

from aftersales.settlement.models.old_parts import OldPart, OldPartShipment
from aftersales.settlement.models.recovery import RecoveryLine, SupplierRecovery
from aftersales.settlement.models.statements import (
    SettlementAdjustment,
    Statement,
    StatementLine,
)
from aftersales.settlement.models.terms import NetworkFee, OldPartRule, SupplierTerms

__all__ = [
    "NetworkFee",
    "OldPart",
    "OldPartRule",
    "OldPartShipment",
    "RecoveryLine",
    "SettlementAdjustment",
    "Statement",
    "StatementLine",
    "SupplierRecovery",
    "SupplierTerms",
]
