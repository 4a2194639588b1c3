from django.urls import path

from aftersales.claims import views, views_review

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("queue/", views_review.queue, name="queue"),
    path("new/<int:order_pk>/", views.claim_new, name="new"),
    path("<int:pk>/", views.claim_detail, name="detail"),
    path("<int:pk>/header/", views.claim_header, name="header"),
    path("<int:pk>/lines/", views.line_add, name="line_add"),
    path("<int:pk>/lines/<int:line_pk>/", views.line_change, name="line_change"),
    path("<int:pk>/lines/<int:line_pk>/remove/", views.line_remove, name="line_remove"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
    path("photos/<int:photo_pk>/", views.photo_file, name="photo"),
    path("<int:pk>/transition/", views.claim_transition, name="transition"),
    path("<int:pk>/review/", views_review.review_page, name="review"),
    path("<int:pk>/decide/", views_review.decide, name="decide"),
    path(
        "pre-authorisations/new/<int:order_pk>/",
        views.pre_authorisation_new,
        name="pre_authorisation_new",
    ),
    path(
        "pre-authorisations/<int:pk>/decide/",
        views_review.pre_authorisation_decide,
        name="pre_authorisation_decide",
    ),
]
