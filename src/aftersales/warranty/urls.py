from django.urls import path

from aftersales.warranty import views

app_name = "warranty"
urlpatterns = [
    path("policies/", views.policies, name="policies"),
    path("orders/<int:pk>/facts/", views.order_facts, name="order_facts"),
    path("orders/<int:pk>/lines/<int:line_id>/payer/", views.line_payer, name="line_payer"),
]
