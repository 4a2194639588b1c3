"""Routing a request through the network: manufacturer → regional centre → (later) station."""

from __future__ import annotations

from aftersales.core.geo import haversine_km
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.customers.models import Address, Customer


def region_for(customer: Customer, address: Address | None) -> Organisation | None:
    """The regional centre for the customer's location: same city first, else the nearest."""
    regions = Organisation.objects.filter(kind=OrganisationKind.REGION, is_active=True)
    if customer.network_id:
        regions = regions.filter(network_id=customer.network_id)
    candidates = list(regions)
    if not candidates:
        return None
    if address is not None:
        same_city = [r for r in candidates if r.city and r.city == address.city]
        if same_city:
            return same_city[0]
        if address.has_coordinates:
            located = [r for r in candidates if r.latitude is not None and r.longitude is not None]
            if located:
                lat, lon = float(address.latitude), float(address.longitude)  # type: ignore[arg-type]
                return min(
                    located,
                    key=lambda r: haversine_km(lat, lon, float(r.latitude), float(r.longitude)),  # type: ignore[arg-type]
                )
    return candidates[0]
