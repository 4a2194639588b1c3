"""Issue 8 §4: a bearer token authenticates in one query that also brings the user's
organisation, roles and customer record, so an API call costs one query before its own."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.models import UserRole


def queries_for(client, path: str) -> tuple[int, int]:
    client.get(path)  # the first call may write last_used_at
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, len(queries)


def test_an_authenticated_lookup_costs_one_query_before_its_own(world, api):
    assert queries_for(api(world.users["agent"]), "work-orders/999999") == (404, 2)
    assert queries_for(api(world.users["technician"]), "work-orders/999999") == (404, 2)


def test_roles_loaded_with_the_token_are_the_current_ones(world, api):
    agent = world.users["agent"]
    client = api(agent)
    assert client.post("customers", {"name": "甲", "phone": "13700002222"}).status_code == 201
    UserRole.objects.filter(user=agent).delete()  # the agent's role is taken away
    assert client.post("customers", {"name": "乙", "phone": "13700003333"}).status_code == 403
