import pytest

from tests.dispatch.helpers import place
from tests.factories import make_user, technician_profile


@pytest.fixture
def dispatch_world(world):
    """technician: 2 km from the customer; technician2: 15 km; technician3 (Minhang station): 20 km."""
    place(world.users["technician"], 31.2304 + 0.018, 121.5400)
    place(world.users["technician2"], 31.2304 + 0.135, 121.5400)
    world.users["technician3"] = make_user(
        "technician3", ["technician"], world.station_sh2, display_name="闵行李师傅"
    )
    technician_profile(world.users["technician3"], skills=[world.extra["fridge"]])
    place(world.users["technician3"], 31.2304 - 0.18, 121.5400)
    return world
