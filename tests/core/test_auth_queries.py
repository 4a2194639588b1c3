"""Issue 8 §4: a bearer token authenticates in one query that also brings the user's
organisation, roles and customer record, and that answer is cached for a minute, so an API call
costs no query before its own; revocation and any change of the user or its roles end the cached
answer at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core.models import ApiToken, AuditEvent, User, UserRole
from aftersales.core.roles import Role
from tests.factories import token_for


def queries_for(client, path: str) -> tuple[int, int]:
    client.get(path)  # the first call loads the token (and may write last_used_at)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, len(queries)


def test_an_authenticated_lookup_costs_no_query_before_its_own(world, api):
    assert queries_for(api(world.users["agent"]), "work-orders/999999") == (404, 1)
    assert queries_for(api(world.users["technician"]), "work-orders/999999") == (404, 1)


def test_a_first_request_loads_the_token_in_one_query(world, api):
    client = api(world.users["agent"])
    ApiToken.objects.update(last_used_at=None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("work-orders/999999").status_code == 404
    # the token with its user, organisation, customer and roles; last_used_at; the lookup
    assert len(queries) == 3


def test_roles_taken_away_or_given_count_at_once(world, api):
    agent = world.users["agent"]
    client = api(agent)
    assert client.post("customers", {"name": "甲", "phone": "13700002222"}).status_code == 201
    UserRole.objects.filter(user=agent).delete()  # the agent's role is taken away
    assert client.post("customers", {"name": "乙", "phone": "13700003333"}).status_code == 403
    UserRole.objects.create(user=agent, role=Role.AGENT)
    assert client.post("customers", {"name": "乙", "phone": "13700003333"}).status_code == 201


def test_a_used_token_stops_at_once_when_revoked_or_its_user_deactivated(world, api):
    agent, dispatcher = world.users["agent"], world.users["dispatcher"]
    raw = token_for(agent)
    assert api(token=raw).get("work-orders").status_code == 200  # cached now
    token = ApiToken.objects.get(key_hash=ApiToken.hash(raw))
    r = api(token=raw).client.delete(
        f"/api/v1/tokens/{token.pk}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert r.status_code == 204
    assert api(token=raw).get("work-orders").status_code == 401
    client = api(dispatcher)
    assert client.get("work-orders").status_code == 200
    user = User.objects.get(pk=dispatcher.pk)
    user.is_active = False
    user.save()
    assert client.get("work-orders").status_code == 401


def test_a_used_token_stops_at_once_when_deleted_by_other_paths(world, api):
    agent, dispatcher = world.users["agent"], world.users["dispatcher"]
    client = api(agent)
    assert client.get("work-orders").status_code == 200  # cached now
    ApiToken.objects.filter(user=agent).delete()  # the admin's bulk delete
    assert client.get("work-orders").status_code == 401
    client = api(dispatcher)
    assert client.get("work-orders").status_code == 200
    AuditEvent.objects.filter(actor=dispatcher).update(actor=None)
    User.objects.filter(pk=dispatcher.pk).delete()  # its tokens go with it
    assert client.get("work-orders").status_code == 401
