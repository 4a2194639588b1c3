from django.urls import path

from aftersales.dispatch import views

app_name = "dispatch"
urlpatterns = [
    path("", views.board, name="board"),
    path("orders/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("orders/<int:pk>/assign/", views.assign, name="assign"),
    path("batch/", views.batch, name="batch"),
]
