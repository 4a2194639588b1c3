"""The JSON API: /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from aftersales.claims.api import router as claims_router
from aftersales.core.api import router as auth_router
from aftersales.core.api_support import API_AUTH, install_error_handlers
from aftersales.customers.api import router as customers_router
from aftersales.dispatch.api import router as dispatch_router
from aftersales.reports.api import router as reports_router
from aftersales.settlement.api import router as settlement_router
from aftersales.warranty.api import router as warranty_router
from aftersales.workorders.api import router as workorders_router

api = NinjaAPI(
    title="aftersales API",
    version="1",
    description="After-sales service management (售后服务管理系统). Authenticate with "
    "`Authorization: Bearer <token>` from `create_token`, or a browser session.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/v1/", auth_router)
api.add_router("/v1/", customers_router)
api.add_router("/v1/", workorders_router)
api.add_router("/v1/", dispatch_router)
api.add_router("/v1/", warranty_router)
api.add_router("/v1/", claims_router)
api.add_router("/v1/", settlement_router)
api.add_router("/v1/", reports_router)
