from django.urls import path

from aftersales.settlement import views_old_parts as op
from aftersales.settlement import views_recoveries as rc
from aftersales.settlement import views_statements as st

app_name = "settlement"
urlpatterns = [
    path("", st.statement_list, name="statements"),
    path("generate/", st.generate, name="generate"),
    path("statements/<int:pk>/", st.statement_detail, name="statement"),
    path("statements/<int:pk>/confirm/", st.statement_confirm, name="statement_confirm"),
    path(
        "statements/<int:pk>/lines/<int:line_pk>/resolve/",
        st.statement_resolve,
        name="statement_resolve",
    ),
    path("statements/<int:pk>/approve/", st.statement_approve, name="statement_approve"),
    path("statements/<int:pk>/export/<str:fmt>/", st.statement_export, name="statement_export"),
    path("old-parts/", op.old_part_list, name="old_parts"),
    path("old-parts/tags/", op.tags, name="tags"),
    path("old-parts/tags.pdf", op.tags_pdf, name="tags_pdf"),
    path("old-parts/<int:pk>/scrap/", op.old_part_scrap, name="scrap"),
    path("old-parts/write-off/", op.write_off, name="write_off"),
    path("shipments/", op.shipment_list, name="shipments"),
    path("shipments/new/", op.shipment_create, name="shipment_create"),
    path("shipments/<int:pk>/", op.shipment_detail, name="shipment"),
    path("shipments/<int:pk>/receive/", op.shipment_receive, name="shipment_receive"),
    path("shipments/<int:pk>/cancel/", op.shipment_cancel, name="shipment_cancel"),
    path("recoveries/", rc.recovery_list, name="recoveries"),
    path("recoveries/<int:pk>/", rc.recovery_detail, name="recovery"),
    path("recoveries/<int:pk>/respond/", rc.recovery_respond, name="recovery_respond"),
    path("recoveries/<int:pk>/revise/", rc.recovery_revise, name="recovery_revise"),
    path("recoveries/<int:pk>/payments/", rc.recovery_payment, name="recovery_payment"),
]
