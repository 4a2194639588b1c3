import pytest

from tests.reports.helpers import FaultWorld, fault_world, standard_set


@pytest.fixture
def fw(world) -> FaultWorld:
    return standard_set(fault_world(world))


@pytest.fixture
def bare(world) -> FaultWorld:
    """The makers, models, parts and people, without claims."""
    return fault_world(world)
