from decimal import Decimal

from aftersales.dispatch.models import TechnicianProfile
from tests.workorders.helpers import advance, file_request


def place(user, lat, lon):
    TechnicianProfile.objects.filter(user=user).update(
        home_latitude=Decimal(str(lat)), home_longitude=Decimal(str(lon))
    )


def accepted_order(world, **kw):
    return advance(world, file_request(world, **kw), "accept")


def assign(api, user, order, technician, **body):
    return api(user).post(
        f"work-orders/{order.pk}/assignment", {"technician_id": technician.pk, **body}
    )
