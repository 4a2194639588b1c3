from django.contrib import admin
from django.urls import include, path

from aftersales.api import api
from aftersales.core.health import healthz, readyz

handler404 = "aftersales.portal.views.page_not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/warranty/", include("aftersales.warranty.urls")),
    path("staff/claims/", include("aftersales.claims.urls")),
    path("staff/settlement/", include("aftersales.settlement.urls")),
    path("staff/reports/", include("aftersales.reports.urls")),
    path("", include("aftersales.portal.urls")),
]
