"""The settlement API (/api/v1/): old parts and shipments, statements, supplier recoveries."""

from ninja import Router

from aftersales.settlement.api_old_parts import router as old_parts_router
from aftersales.settlement.api_recoveries import router as recoveries_router
from aftersales.settlement.api_statements import router as statements_router

router = Router(tags=["settlement"])
router.add_router("", old_parts_router)
router.add_router("", statements_router)
router.add_router("", recoveries_router)
