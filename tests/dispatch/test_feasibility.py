"""One feasibility rule for both paths: the scalar one (a manual choice, the reasons a refusal and
the board show) and the vectorised one (the engine's candidates for automatic and batch
dispatch) agree on who may take an order."""

import pytest

from aftersales.core import clock
from aftersales.core.models import Organisation
from aftersales.customers.models import Address
from aftersales.dispatch import feasibility, setup
from aftersales.dispatch.context import context_for
from aftersales.dispatch.engine import rank_candidates
from tests.dispatch.helpers import accepted_order, place

FAR_NORTH = 31.2304 + 1.35  # about 150 km north of the customer: beyond the default 120 km radius


def who_may_take(order):
    """(scalar, vectorised): the technicians each path lets take the order."""
    ctx = context_for([order], clock.now())
    info = ctx.order_info(order)
    inst, techs = feasibility.instance(ctx, [info])
    ranked = rank_candidates(inst, 0, ctx.weights(ctx.policy_for(order)), limit=len(techs))
    vectorised = {techs[c.tech_index].user_id for c in ranked}
    scalar = {t.user_id for t in techs if not feasibility.reasons(ctx, info, t)}
    return scalar, vectorised


def station_without_coordinates(w):
    Organisation.objects.filter(pk=w.station_sh.pk).update(latitude=None, longitude=None)
    place(w.users["technician2"], FAR_NORTH, 121.54)


def technician_away_from_the_station(w):
    # The service area is the station's: the technician's own position does not move it.
    place(w.users["technician2"], FAR_NORTH, 121.54)


def order_without_coordinates(w):
    # Placed at its regional centre, about 7 km from the technician: a 1 km area does not hold it.
    Address.objects.filter(customer=w.customer).update(latitude=None, longitude=None)
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=1, daily_capacity=50
    )


@pytest.mark.parametrize(
    "given",
    [station_without_coordinates, technician_away_from_the_station, order_without_coordinates],
)
def test_both_paths_let_the_same_technicians_take_the_order(dispatch_world, given):
    given(dispatch_world)
    scalar, vectorised = who_may_take(accepted_order(dispatch_world))
    assert dispatch_world.users["technician2"].pk in scalar
    assert scalar == vectorised


def test_both_paths_keep_a_customer_outside_the_station_area_out(dispatch_world):
    w = dispatch_world
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=1, daily_capacity=50
    )
    scalar, vectorised = who_may_take(accepted_order(w))
    assert scalar == vectorised == {w.users["technician3"].pk}


def test_a_technician_not_suggested_is_shown_with_a_reason(dispatch_world, api):
    w = dispatch_world
    station_without_coordinates(w)
    order = accepted_order(w)
    rows = api(w.users["dispatcher"]).get(f"work-orders/{order.pk}/dispatch-suggestions").json()
    assert all(r["feasible"] or r["reasons"] for r in rows)
    assert w.users["technician2"].pk in {r["technician_id"] for r in rows if r["feasible"]}
