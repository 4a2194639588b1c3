"""Dispatch master data in the admin: a network's administrator maintains its own stations'
capacity, its technicians' profiles and its policies; another network's are unseen (404)."""

from aftersales.core.models import AuditEvent
from aftersales.core.roles import Role
from aftersales.core.services import organisation_create
from aftersales.dispatch import setup
from aftersales.dispatch.models import StationCapacity, TechnicianProfile
from tests.core.test_admin_scoping import signed_in
from tests.factories import make_user, technician_profile


def other_network():
    net = organisation_create(kind="network", code="NET-B", name="南方服务网络")
    region = organisation_create(kind="region", code="R-GZ", name="华南中心", network=net)
    station = organisation_create(kind="station", code="S-GZ1", name="广州服务站", region=region)
    technician = make_user("tech_b", [Role.TECHNICIAN], station)
    return station, technician_profile(technician)


def test_a_network_administrator_maintains_its_own_dispatch_data_only(world):
    admin = signed_in(make_user("net_admin", [Role.ADMIN], world.network))
    own = setup.station_capacity_set(
        station=world.station_sh, actor=None, service_radius_km=80, daily_capacity=40
    )
    foreign_station, foreign_profile = other_network()
    foreign = setup.station_capacity_set(
        station=foreign_station, actor=None, service_radius_km=50, daily_capacity=20
    )
    listing = admin.get("/admin/dispatch/technicianprofile/").content.decode()
    assert "technician2" in listing and "tech_b" not in listing
    assert (
        admin.get(f"/admin/dispatch/technicianprofile/{foreign_profile.pk}/change/").status_code
        == 404
    )
    assert admin.get(f"/admin/dispatch/stationcapacity/{foreign.pk}/change/").status_code == 404
    r = admin.post(
        f"/admin/dispatch/stationcapacity/{own.pk}/change/",
        {"station": world.station_sh.pk, "service_radius_km": 90, "daily_capacity": 45},
    )
    assert r.status_code == 302, r.content[:400]
    assert StationCapacity.objects.get(pk=own.pk).daily_capacity == 45
    assert AuditEvent.objects.filter(verb="admin.changed", object_id=own.pk).exists()
    assert TechnicianProfile.objects.get(pk=foreign_profile.pk).daily_capacity == 6
