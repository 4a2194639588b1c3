from django.db.models import Q

from aftersales.catalog.models import (
    Authorisation,
    LabourOperation,
    Part,
    ProductCategory,
    ProductModel,
)
from aftersales.core.access import NOTHING, Principal, register


def _catalogue(p: Principal) -> Q:
    # The catalogue is reference data: every signed-in staff member and customer may read it.
    return Q() if (p.staff_roles or p.is_customer) else NOTHING


for _model in (ProductCategory, ProductModel, LabourOperation, Part):
    register(_model)(_catalogue)


@register(Authorisation)
def authorisation_rule(p: Principal) -> Q:
    if not p.staff_roles or p.organisation_id is None:
        return NOTHING
    return (
        Q(station_id=p.organisation_id)
        | Q(manufacturer_id=p.organisation_id)
        | Q(station__network_id=p.organisation_id)
        | Q(station__region_id=p.organisation_id)
    )
