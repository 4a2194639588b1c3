"""The demo's contracts, in force before the first claim: claim terms and check modes per
manufacturer (and Pudong's own labour rate with the appliance maker), the old-part rules
(compressors straight back to their supplier, seals, refrigerant, oil and filters scrapped on
site, some at a deduction), the suppliers' recovery terms and the network's fee."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from aftersales.catalog.models import Part
from aftersales.claims.configuration import check_setting_set, claim_terms_set
from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.models import Organisation
from aftersales.demo import data
from aftersales.settlement.models import NetworkFee, OldPartRule, SupplierTerms

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

D = Decimal
# manufacturer: claim terms (the contracts' figures, realistic for each trade)
TERMS: dict[str, dict[str, Any]] = {
    data.APPLIANCE[0]: {
        "labour_rate": D("100.00"),
        "handling_markup_percent": D("10.00"),
        "travel_rate_per_km": D("1.50"),
        "call_out_fee": D("30.00"),
        "decision_working_days": 5,
        "auto_approve_below": D("150.00"),
        "pre_authorisation_above": D("3000.00"),
    },
    data.CARMAKER[0]: {
        "labour_rate": D("180.00"),
        "handling_markup_percent": D("15.00"),
        "travel_rate_per_km": D("3.00"),
        "call_out_fee": D("80.00"),
        "submission_deadline_days": 45,
        "decision_working_days": 7,
        "pre_authorisation_above": D("8000.00"),
    },
}
CHECKS = [
    (data.APPLIANCE[0], "mileage_below_earlier", "off"),  # appliances have no odometer
    (data.CARMAKER[0], "repeated_operation", "block"),
]
# manufacturer, part number (None: the maker's default), disposition, scrap deduction %, days
RULES = [
    (data.APPLIANCE[0], "HY-COMP-01", "return_supplier", D("0"), 20),
    (data.APPLIANCE[0], "HY-SEAL", "scrap", D("30.00"), 30),
    (data.APPLIANCE[0], "HY-R600", "scrap", D("0"), 30),
    (data.CARMAKER[0], "YH-OIL-5W30", "scrap", D("0"), 30),
    (data.CARMAKER[0], "YH-FILTER", "scrap", D("50.00"), 30),
]
# manufacturer, supplier, share of parts %, share of labour %, handling fee %
SUPPLIER_TERMS = [
    (data.APPLIANCE[0], "SP-COMP", D("100"), D("100"), D("5.00")),
    (data.APPLIANCE[0], "SP-ELEC", D("100"), D("50"), D("5.00")),
    (data.CARMAKER[0], "SP-AUTO", D("100"), D("80"), D("8.00")),
]
NETWORK_FEE = D("3.00")


def configure(demo: Demo) -> None:
    """The contracts, before the first claim (as of the demo's first day)."""
    with clock.frozen_at(demo.now - timedelta(days=200)):
        makers = {o.code: o for o in Organisation.objects.filter(kind="manufacturer")}
        orgs = {o.code: o for o in Organisation.objects.all()}
        for code, fields in TERMS.items():
            claim_terms_set(manufacturer=makers[code], actor=None, **fields)
        # Pudong's own contract with the appliance maker: a higher rate for the city centre.
        claim_terms_set(
            manufacturer=makers[data.APPLIANCE[0]],
            station=orgs["ST-SH-PD"],
            actor=None,
            **{**TERMS[data.APPLIANCE[0]], "labour_rate": D("110.00")},
        )
        for code, check, mode in CHECKS:
            check_setting_set(manufacturer=makers[code], code=check, mode=mode, actor=None)
        # Settlement's rules are admin data without services of their own: written as the
        # admin writes them, each with the admin's audit row.
        rows: list[Model] = []
        for code, number, disposition, percent, days in RULES:
            maker = makers[code]
            rows.append(
                OldPartRule.objects.create(
                    manufacturer=maker,
                    part=Part.objects.get(manufacturer=maker, number=number) if number else None,
                    disposition=disposition,
                    scrap_deduction_percent=percent,
                    return_within_days=days,
                )
            )
        for code, supplier, parts, labour, fee in SUPPLIER_TERMS:
            rows.append(
                SupplierTerms.objects.create(
                    manufacturer=makers[code],
                    supplier=orgs[supplier],
                    parts_share_percent=parts,
                    labour_share_percent=labour,
                    handling_fee_percent=fee,
                )
            )
        assert demo.network is not None
        rows.append(NetworkFee.objects.create(network=demo.network, fee_percent=NETWORK_FEE))
        for row in rows:
            record_event(record=row, verb="admin.created", actor=None, data={"fields": []})
