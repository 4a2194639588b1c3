from django.urls import path

from aftersales.reports import views

app_name = "reports"
urlpatterns = [
    path("faults/", views.faults, name="faults"),
]
