from django.db.models import Q

from aftersales.core.access import NOTHING, Principal, register, with_parent
from aftersales.dispatch.models import (
    Assignment,
    DayOff,
    DispatchPolicy,
    StationCapacity,
    TechnicianProfile,
)
from aftersales.workorders.access import work_order_rule
from aftersales.workorders.models import WorkOrder


@register(Assignment)
def assignment_rule(p: Principal) -> Q:
    if not p.staff_roles:
        return NOTHING
    return with_parent("work_order", WorkOrder, work_order_rule(p))


def _own_people(p: Principal) -> Q:
    if p.organisation_id is None or not p.staff_roles:
        return NOTHING
    if p.technician_only:
        return Q(user_id=p.user.pk)
    return (
        Q(user__organisation_id=p.organisation_id)
        | Q(user__organisation__region_id=p.organisation_id)
        | Q(user__organisation__network_id=p.organisation_id)
    )


register(TechnicianProfile)(_own_people)
register(DayOff)(lambda p: Q(technician__in=TechnicianProfile.objects.filter(_own_people(p))))
register(StationCapacity)(
    lambda p: (
        NOTHING
        if p.organisation_id is None
        else Q(station_id=p.organisation_id)
        | Q(station__region_id=p.organisation_id)
        | Q(station__network_id=p.organisation_id)
    )
)
register(DispatchPolicy)(
    lambda p: NOTHING if p.organisation_id is None else Q(organisation_id=p.organisation_id)
)
