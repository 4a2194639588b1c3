from django.contrib.auth.views import LogoutView
from django.urls import include, path

from aftersales.dispatch import views as dispatch_views
from aftersales.portal import views, views_customer, views_order_actions, views_staff

customer_patterns = (
    [
        path("", views_customer.my_orders, name="orders"),
        path("request/", views_customer.submit_request, name="submit"),
        path("orders/<str:number>/", views_customer.my_order, name="order"),
        path(
            "orders/<str:number>/transition/",
            views_customer.my_order_transition,
            name="order_transition",
        ),
        path(
            "orders/<str:number>/comments/", views_customer.my_order_comment, name="order_comments"
        ),
        path("assets/", views_customer.my_assets, name="assets"),
        path("register/", views_customer.register_product, name="register"),
        path("attachments/<int:pk>/", views_staff.customer_attachment_file, name="attachment"),
    ],
    "portal",
)

staff_patterns = (
    [
        path("orders/", views_staff.order_list, name="orders"),
        path("today/", dispatch_views.today, name="today"),
        path("orders/new/", views_staff.intake, name="intake"),
        path("orders/<int:pk>/", views_staff.order_detail, name="order"),
        path(
            "orders/<int:pk>/transition/",
            views_order_actions.order_transition,
            name="order_transition",
        ),
        path("orders/<int:pk>/respond/", views_order_actions.order_respond, name="order_respond"),
        path("orders/<int:pk>/lines/", views_order_actions.order_line_add, name="order_lines"),
        path(
            "orders/<int:pk>/lines/<int:line_id>/change/",
            views_order_actions.order_line_change,
            name="order_line_change",
        ),
        path(
            "orders/<int:pk>/lines/<int:line_id>/remove/",
            views_order_actions.order_line_remove,
            name="order_line_remove",
        ),
        path(
            "orders/<int:pk>/comments/",
            views_order_actions.order_comment_add,
            name="order_comments",
        ),
        path(
            "orders/<int:pk>/attachments/",
            views_order_actions.order_attachment_add,
            name="order_attachments",
        ),
        path("customers/<int:pk>/", views_staff.customer_detail, name="customer"),
        path("customers/<int:pk>/reveal/", views_staff.customer_reveal, name="customer_reveal"),
        path("assets/<int:pk>/", views_staff.asset_detail, name="asset"),
        path("attachments/<int:pk>/", views_staff.attachment_file, name="attachment"),
    ],
    "staff",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("portal/", include(customer_patterns)),
    path("staff/", include(staff_patterns)),
    path("staff/dispatch/", include("aftersales.dispatch.urls")),
]
