from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aftersales.core.access import Principal, may, principal_for
from aftersales.core.roles import Role
from aftersales.portal.forms import RateLimitedLoginForm


class LoginView(auth_views.LoginView):
    form_class = RateLimitedLoginForm
    template_name = "portal/login.html"
    redirect_authenticated_user = True


# Whose work is not work orders starts on its own page (a supplier, finance, a parts clerk);
# everybody else on the orders.
LANDINGS = (
    (lambda p: p.org_kind == "supplier", "settlement:recoveries"),
    (lambda p: p.staff_roles <= {Role.FINANCE}, "settlement:statements"),
    (lambda p: p.staff_roles <= {Role.PARTS_CLERK}, "settlement:old_parts"),
)


def _landing(request: HttpRequest, principal: Principal) -> str:
    if not principal.is_superuser and may(request.user, "settlement:view"):
        for applies, page in LANDINGS:
            if applies(principal):
                return page
    return "staff:orders"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if principal.is_customer and not principal.staff_roles:
        return redirect("portal:orders")
    if principal.is_superuser or principal.is_staff_member:
        return redirect(_landing(request, principal))
    return render(request, "portal/no_access.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's own 404 (the layout, both languages), for pages; the API answers JSON."""
    return render(request, "portal/404.html", status=404)
