from aftersales.core.models import AuditEvent
from tests.workorders.helpers import advance, file_request


def transition(api, user, order, name, **body):
    return api(user).post(f"work-orders/{order.pk}/transitions", {"transition": name, **body})


def test_full_lifecycle_writes_one_event_per_transition(world, api):
    u = world.users
    order = file_request(world)
    steps = [
        (u["agent"], "accept", {}),
        (u["dispatcher"], "assign", {"technician_id": u["technician"].pk}),
        (u["technician"], "start", {}),
        (u["technician"], "wait_parts", {"reason": "等压缩机"}),
        (u["technician"], "resume", {}),
        (u["technician"], "complete", {}),
        (u["manager"], "close", {}),
    ]
    for user, name, body in steps:
        r = transition(api, user, order, name, **body)
        assert r.status_code == 200, (name, r.content)
    order.refresh_from_db()
    assert order.status == "closed"
    assert order.technician == u["technician"]
    assert order.station == world.station_sh
    assert order.accepted_at and order.started_at and order.completed_at and order.closed_at
    events = list(
        AuditEvent.objects.filter(object_id=order.pk, verb__startswith="work_order.")
        .exclude(verb="work_order.created")
        .order_by("id")
    )
    assert [(e.verb, e.from_state, e.to_state) for e in events] == [
        ("work_order.accept", "new", "accepted"),
        ("work_order.assign", "accepted", "assigned"),
        ("work_order.start", "assigned", "in_progress"),
        ("work_order.wait_parts", "in_progress", "waiting_parts"),
        ("work_order.resume", "waiting_parts", "in_progress"),
        ("work_order.complete", "in_progress", "completed"),
        ("work_order.close", "completed", "closed"),
    ]
    assert events[3].reason == "等压缩机"
    assert events[1].data["technician"]["id"] == u["technician"].pk
    assert {e.actor_name for e in events} >= {str(u["agent"]), str(u["technician"])}


def test_illegal_transition_is_409_listing_what_is_allowed(world, api):
    order = file_request(world)
    r = transition(api, world.users["agent"], order, "complete")
    assert r.status_code == 409
    assert r.json()["allowed"] == ["accept", "cancel"]
    # Labels, not raw state codes (“new”), in the message.
    assert "Accept" in r.json()["detail"] and "New" in r.json()["detail"]
    assert "“new”" not in r.json()["detail"]


def test_role_without_the_transition_is_403_and_nothing_changes(world, api):
    order = advance(world, file_request(world), "accept", "assign")
    r = transition(api, world.users["auditor"], order, "start")
    assert r.status_code == 403
    order.refresh_from_db()
    assert order.status == "assigned"


def test_technician_acts_only_on_their_own_orders(world, api):
    order = advance(world, file_request(world), "accept", "assign")
    # technician2 works at the same station but the order is not theirs: it is invisible.
    assert transition(api, world.users["technician2"], order, "start").status_code == 404
    assert transition(api, world.users["technician"], order, "start").status_code == 200


def test_cancel_and_reopen_need_a_reason(world, api):
    order = advance(world, file_request(world), "accept")
    r = transition(api, world.users["agent"], order, "cancel")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    assert (
        transition(api, world.users["agent"], order, "cancel", reason="客户取消").status_code == 200
    )
    r = transition(api, world.users["agent"], order, "reopen", reason="客户又来电")
    assert r.status_code == 200 and r.json()["status"] == "accepted"


def test_customer_may_cancel_only_before_assignment(world, api):
    me = world.users["customer"]
    early = file_request(world)
    assert transition(api, me, early, "cancel", reason="不需要了").status_code == 200
    late = advance(world, file_request(world), "accept", "assign")
    assert transition(api, me, late, "cancel", reason="不需要了").status_code == 403
    assert transition(api, me, late, "start").status_code == 403


def test_assign_needs_a_technician_of_the_region(world, api):
    order = advance(world, file_request(world), "accept")
    dispatcher = world.users["dispatcher"]
    assert (
        transition(api, dispatcher, order, "assign").json()["errors"][0]["field"] == "technician_id"
    )
    r = transition(api, dispatcher, order, "assign", technician_id=world.users["technician_bj"].pk)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "technician_id"
    r = transition(api, dispatcher, order, "assign", technician_id=world.users["agent"].pk)
    assert r.status_code == 422
    order.refresh_from_db()
    assert order.status == "accepted" and order.technician is None


def test_stale_version_is_a_conflict(world, api):
    order = file_request(world)
    r = transition(api, world.users["agent"], order, "accept", expected_version=order.version + 5)
    assert r.status_code == 409


def test_allowed_transitions_are_shown_per_user(world, api):
    order = advance(world, file_request(world), "accept", "assign")
    assert api(world.users["technician"]).get(f"work-orders/{order.pk}").json()[
        "allowed_transitions"
    ] == ["decline", "start"]
    assert api(world.users["agent"]).get(f"work-orders/{order.pk}").json()[
        "allowed_transitions"
    ] == ["cancel"]


def test_events_endpoint_hides_internal_events_from_the_customer(world, api):
    order = advance(world, file_request(world), "accept")
    api(world.users["agent"]).post(
        f"work-orders/{order.pk}/comments", {"body": "内部备注：客户脾气急", "internal": True}
    )
    api(world.users["agent"]).post(
        f"work-orders/{order.pk}/comments", {"body": "师傅明天上午到", "internal": False}
    )
    staff_bodies = [
        e["data"].get("body")
        for e in api(world.users["agent"]).get(f"work-orders/{order.pk}/events").json()
    ]
    customer_bodies = [
        e["data"].get("body")
        for e in api(world.users["customer"]).get(f"work-orders/{order.pk}/events").json()
    ]
    assert "内部备注：客户脾气急" in staff_bodies
    assert "内部备注：客户脾气急" not in customer_bodies
    assert "师傅明天上午到" in customer_bodies
    comments = api(world.users["customer"]).get(f"work-orders/{order.pk}/comments").json()
    assert [c["body"] for c in comments] == ["师傅明天上午到"]


def test_events_carry_their_declared_label_and_audience(world, api):
    order = advance(world, file_request(world), "accept", "assign", "start")
    api(world.users["technician"]).post(
        f"work-orders/{order.pk}/lines",
        {"kind": "labour", "operation_id": world.extra["op_diag"].pk, "quantity": "0.5"},
    )
    events = {
        e["verb"]: e for e in api(world.users["agent"]).get(f"work-orders/{order.pk}/events").json()
    }
    assert (events["work_order.created"]["label"], events["work_order.created"]["audience"]) == (
        "Request received",
        "customer",
    )
    assert events["work_order.line_added"]["audience"] == "station"
    zh = api(world.users["agent"])
    zh.headers["Accept-Language"] = "zh-hans"
    labels = {e["verb"]: e["label"] for e in zh.get(f"work-orders/{order.pk}/events").json()}
    assert labels["work_order.created"] != "Request received"
