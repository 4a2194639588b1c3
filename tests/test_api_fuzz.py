"""Fuzzing as a habit: every operation of /api/openapi.json, as a customer and as an agent.

Schemathesis generates valid and invalid requests from the OpenAPI document and sends them to
the Django WSGI application on the test database (the test world, rolled back afterwards).
Every answer must be documented (its status code, content type and schema) and none may be a
server error. Path ids are drawn from the world's records as often as at random, so that the
fuzzer gets past the 404 to the handler. Derandomised and bounded (examples per operation,
mode and role; no shrinking), so a run is repeatable and fits `make test` (about a minute).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aftersales.core.models import ApiToken
from aftersales.workorders import lines
from aftersales.workorders import services as orders
from tests.claims.foreign import claim_ids
from tests.factories import World, token_for, work_order_in
from tests.images import png

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 12}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _known_ids(world: World, role: str) -> dict[str, list[int]]:
    """Ids of real records per path parameter: the customer's own and others'."""
    spare = ApiToken.objects.get(key_hash=ApiToken.hash(token_for(world.users[role])))
    working = work_order_in(world, "in_progress")
    line = lines.work_order_add_line(
        work_order=working,
        actor=world.users["technician"],
        kind="labour",
        quantity=1,
        operation=world.extra["op_diag"],
    )
    attachment = orders.work_order_attach(
        work_order=working, actor=world.users["technician"], upload=png(), visible_to_customer=True
    )
    fresh = work_order_in(world, "new")
    assert world.customer and world.other_customer and world.asset and world.other_asset
    return {
        "order_id": [working.pk, fresh.pk],
        "line_id": [line.pk],
        "attachment_id": [attachment.pk],
        "customer_id": [world.customer.pk, world.other_customer.pk],
        "asset_id": [world.asset.pk, world.other_asset.pk],
        "token_id": [spare.pk],
        **claim_ids(world),
    }


def _fuzz_operation(
    operation: Any, mode: GenerationMode, token: str, known: dict[str, list[int]]
) -> tuple[int, list[str]]:
    sent = 0
    failures: list[str] = []
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"}

    @settings(FUZZ_SETTINGS, max_examples=EXAMPLES[mode])
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        nonlocal sent
        for name in list(case.path_parameters or {}):
            if name in known and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(known[name]))
        sent += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # collect every failure, go on
            failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:600]}")

    run()
    return sent, failures


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    # As Django's test client does: a request must not close the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.parametrize("role", ["customer", "agent"])
def test_every_operation_answers_as_documented(
    world: World, api_schema: Any, role: str, capsys: Any
) -> None:
    token = token_for(world.users[role])
    known = _known_ids(world, role)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    requests = 0
    failures: list[str] = []
    for operation in operations:
        for mode in EXAMPLES:
            sent, found = _fuzz_operation(operation, mode, token, known)
            requests += sent
            failures += found
    with capsys.disabled():
        print(
            f"\nfuzz as {role}: {len(operations)} operations, {requests} requests, "
            f"{len(failures)} failures"
        )
    assert not failures, "\n\n".join(failures)
