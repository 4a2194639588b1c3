"""Dispatch through the API: suggestions, manual, automatic, acceptance, expiry and batch."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from aftersales.core import clock
from aftersales.core.errors import Conflict
from aftersales.core.models import AuditEvent
from aftersales.customers.models import Address
from aftersales.dispatch import services, setup
from aftersales.dispatch.models import Assignment, DispatchPolicy, TechnicianProfile
from aftersales.dispatch.tasks import expire_offers_task
from aftersales.workorders.models import WorkOrder
from tests.dispatch.helpers import accepted_order, assign
from tests.factories import build_world, make_user
from tests.workorders.helpers import advance, file_request


def test_suggestions_rank_and_explain(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    rows = api(w.users["dispatcher"]).get(f"work-orders/{order.pk}/dispatch-suggestions").json()
    feasible = [r for r in rows if r["feasible"]]
    assert [r["technician_id"] for r in feasible] == [
        w.users[n].pk for n in ("technician", "technician2", "technician3")
    ]
    best = feasible[0]["explanation"]
    assert best["km"] == pytest.approx(2.0, abs=0.2)
    assert best["skill"] is True and best["load"] == 0 and best["capacity"] == 6
    assert best["sla_slack_min"] > 0
    assert {"score", "travel_cost", "load_cost", "lateness_hours"} <= set(best)


def test_manual_assign_creates_an_offer_and_a_timeline_event(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    r = assign(api, w.users["dispatcher"], order, w.users["technician2"], reason="熟悉该客户")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "assigned" and body["technician_id"] == w.users["technician2"].pk
    assert body["assignment"]["status"] == "offered" and body["assignment"]["method"] == "manual"
    event = AuditEvent.objects.get(object_id=order.pk, verb="work_order.assign")
    assert event.reason == "熟悉该客户" and event.data["explanation"]["km"] > 10


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("skill", "no_skill"),
        ("day_off", "off_shift"),
        ("capacity", "at_capacity"),
        ("authorisation", "not_authorised"),
        ("certification", "no_certification"),
    ],
)
def test_manual_assign_is_refused_with_the_reason(dispatch_world, api, change, code):
    w = dispatch_world
    order = accepted_order(w)
    tech = w.users["technician2"]
    profile = tech.technician_profile
    if change == "skill":
        profile.skills.clear()
    elif change == "day_off":
        setup.day_off_add(profile=profile, day=timezone.localdate(), actor=None)
    elif change == "capacity":
        profile.daily_capacity = 1
        profile.save()
        assign(api, w.users["dispatcher"], accepted_order(w), tech)
    elif change == "authorisation":
        w.station_sh.authorisations.update(valid_to=date(2026, 1, 2))
    elif change == "certification":
        w.extra["fridge"].required_certification = "制冷作业证"
        w.extra["fridge"].save()
    r = assign(api, w.users["dispatcher"], order, tech)
    assert r.status_code == 422, r.content
    assert r.json()["reasons"] == [code] or code in r.json()["reasons"]
    assert r.json()["errors"][0]["field"] == "technician_id"
    order.refresh_from_db()
    assert order.status == "accepted" and order.technician is None
    assert not Assignment.objects.filter(work_order=order).exists()


def test_technician_of_another_region_or_not_a_technician_is_refused(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    assert assign(api, w.users["dispatcher"], order, w.users["technician_bj"]).json()[
        "reasons"
    ] == ["outside_region"]
    assert assign(api, w.users["dispatcher"], order, w.users["agent"]).json()["reasons"] == [
        "not_technician"
    ]


def test_the_generic_transition_endpoint_obeys_the_same_rules(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    w.users["technician2"].technician_profile.skills.clear()
    r = api(w.users["dispatcher"]).post(
        f"work-orders/{order.pk}/transitions",
        {"transition": "assign", "technician_id": w.users["technician2"].pk},
    )
    assert r.status_code == 422 and r.json()["reasons"] == ["no_skill"]


def test_customer_outside_the_service_area(dispatch_world, api):
    w = dispatch_world
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=1, daily_capacity=50
    )
    r = assign(api, w.users["dispatcher"], accepted_order(w), w.users["technician"])
    assert "outside_area" in r.json()["reasons"]


def test_reassign_needs_the_flag_and_withdraws_the_first_offer(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    assign(api, w.users["dispatcher"], order, w.users["technician"])
    r = assign(api, w.users["dispatcher"], order, w.users["technician3"])
    assert r.status_code == 409 and r.json()["allowed"] == ["reassign"]
    r = assign(
        api,
        w.users["dispatcher"],
        order,
        w.users["technician3"],
        reassign=True,
        reason="王师傅请假",
    )
    assert r.status_code == 200
    assert r.json()["station_id"] == w.station_sh2.pk
    assert list(
        Assignment.objects.filter(work_order=order).order_by("id").values_list("status", flat=True)
    ) == ["withdrawn", "offered"]


def test_only_dispatch_roles_assign(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    for role in ("agent", "technician", "auditor"):
        assert assign(api, w.users[role], order, w.users["technician"]).status_code in (403, 404), (
            role
        )
    assert assign(api, w.users["manager2"], order, w.users["technician"]).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_one_wins_the_other_gets_409():
    w = build_world()
    DispatchPolicy.objects.create(
        organisation=w.network, auto_dispatch=False
    )  # both assign by hand
    order = advance(w, file_request(w), "accept")
    second_dispatcher = make_user("dispatcher_b", ["dispatcher"], w.region_sh)
    barrier, outcomes = threading.Barrier(2), []

    def run(user, tech):
        try:
            barrier.wait()
            services.work_order_assign(
                work_order=WorkOrder.objects.get(pk=order.pk), technician=tech, actor=user
            )
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(w.users["dispatcher"], w.users["technician"])),
        threading.Thread(target=run, args=(second_dispatcher, w.users["technician2"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    assert Assignment.objects.filter(work_order=order).count() == 1


def test_auto_dispatch_picks_nearest_balanced_and_stores_its_reasons(dispatch_world, api):
    w = dispatch_world
    busy = w.users["technician"]
    for _ in range(4):
        assign(api, w.users["dispatcher"], accepted_order(w), busy)
    order = accepted_order(w)
    r = api(w.users["dispatcher"]).post(f"work-orders/{order.pk}/auto-dispatch")
    assert r.status_code == 200, r.content
    body = r.json()
    # The nearest technician already has 4 jobs: the next one 13 km further is cheaper.
    assert body["assigned"] is True and body["technician_id"] == w.users["technician2"].pk
    event = AuditEvent.objects.get(object_id=order.pk, verb="work_order.assign")
    assert event.data["method"] == "auto" and event.data["explanation"]["load"] == 0
    assert "nearest" in event.reason.lower() or "就近" in event.reason
    DispatchPolicy.objects.create(organisation=w.region_sh, policy="nearest")
    nearest = accepted_order(w)
    assert (
        api(w.users["dispatcher"])
        .post(f"work-orders/{nearest.pk}/auto-dispatch")
        .json()["technician_id"]
        == busy.pk
    )


def test_auto_dispatch_happens_when_an_order_is_accepted(
    dispatch_world, api, django_capture_on_commit_callbacks
):
    w = dispatch_world
    order = file_request(w)
    with django_capture_on_commit_callbacks(execute=True):
        r = api(w.users["agent"]).post(
            f"work-orders/{order.pk}/transitions", {"transition": "accept"}
        )
    assert r.status_code == 200
    order.refresh_from_db()
    assert order.status == "assigned" and order.technician == w.users["technician"]


def test_no_candidate_is_recorded_with_the_reason(dispatch_world, api):
    w = dispatch_world
    TechnicianProfile.objects.update(is_active=False)
    order = accepted_order(w)
    body = api(w.users["dispatcher"]).post(f"work-orders/{order.pk}/auto-dispatch").json()
    assert body["assigned"] is False and body["reason"] == "no_feasible_technician"
    assert AuditEvent.objects.filter(object_id=order.pk, verb="dispatch.no_candidate").exists()


def test_order_without_coordinates_is_placed_at_its_regional_centre(dispatch_world, api):
    w = dispatch_world
    Address.objects.filter(customer=w.customer).update(latitude=None, longitude=None)
    order = accepted_order(w)
    body = api(w.users["dispatcher"]).post(f"work-orders/{order.pk}/auto-dispatch").json()
    assert body["assigned"] is True
    explanation = AuditEvent.objects.get(object_id=order.pk, verb="work_order.assign").data[
        "explanation"
    ]
    assert explanation["order_position"] == "regional_centre"
    assert "regional centre" in explanation["note"]


def test_technician_accepts_or_declines_and_a_decline_goes_to_the_next_best(
    dispatch_world, api, django_capture_on_commit_callbacks
):
    w = dispatch_world
    order = accepted_order(w)
    assign(api, w.users["dispatcher"], order, w.users["technician"])
    tech = api(w.users["technician"])
    url = f"work-orders/{order.pk}/assignment/response"
    assert tech.post(url, {"decision": "decline"}).json()["errors"][0]["field"] == "reason"
    assert api(w.users["technician2"]).post(url, {"decision": "accept"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        r = tech.post(url, {"decision": "decline", "reason": "车坏了"})
    assert r.status_code == 200 and r.json()["status"] == "declined"
    order.refresh_from_db()
    assert order.technician == w.users["technician2"]  # re-dispatched, never back to the decliner
    r = api(w.users["technician2"]).post(url, {"decision": "accept"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert api(w.users["technician2"]).post(url, {"decision": "accept"}).status_code == 409


def test_unanswered_offer_is_dispatched_again_and_escalated(
    dispatch_world, api, django_capture_on_commit_callbacks
):
    w = dispatch_world
    DispatchPolicy.objects.create(organisation=w.region_sh, acceptance_minutes=15)
    order = accepted_order(w)
    assign(api, w.users["dispatcher"], order, w.users["technician"])
    with clock.frozen_at(timezone.now() + timedelta(minutes=10)):
        assert expire_offers_task.call_local() == 0
    with (
        django_capture_on_commit_callbacks(execute=True),
        clock.frozen_at(timezone.now() + timedelta(minutes=16)),
    ):
        assert expire_offers_task.call_local() == 1
    order.refresh_from_db()
    assert order.status == "assigned" and order.technician == w.users["technician2"]
    statuses = list(
        Assignment.objects.filter(work_order=order).order_by("id").values_list("status", "method")
    )
    assert statuses == [("expired", "manual"), ("offered", "auto")]
    escalation = AuditEvent.objects.get(object_id=order.pk, verb="dispatch.escalated")
    assert "15" in escalation.reason


def test_batch_dispatch_dry_run_then_apply(dispatch_world, api):
    w = dispatch_world
    orders = [accepted_order(w) for _ in range(5)]
    TechnicianProfile.objects.filter(user=w.users["technician"]).update(daily_capacity=2)
    dispatcher = api(w.users["dispatcher"])
    plan = dispatcher.post("dispatch/batch", {"region_id": w.region_sh.pk, "dry_run": True}).json()
    assert plan["applied"] is False and plan["orders"] == 5 and plan["assigned"] == 5
    assert WorkOrder.objects.filter(pk__in=[o.pk for o in orders], status="accepted").count() == 5
    per_tech: dict[int, int] = {}
    for row in plan["rows"]:
        per_tech[row["technician_id"]] = per_tech.get(row["technician_id"], 0) + 1
    assert per_tech[w.users["technician"].pk] <= 2
    applied = dispatcher.post(
        "dispatch/batch", {"region_id": w.region_sh.pk, "dry_run": False}
    ).json()
    assert applied["applied"] is True
    assert {r["technician_id"] for r in applied["rows"]} == {
        r["technician_id"] for r in plan["rows"]
    }
    assert WorkOrder.objects.filter(pk__in=[o.pk for o in orders], status="assigned").count() == 5
    assert Assignment.objects.filter(method="batch").count() == 5


def test_batch_reports_unservable_orders_with_the_reason(dispatch_world, api):
    w = dispatch_world
    accepted_order(w)
    TechnicianProfile.objects.update(daily_capacity=1)
    for name in ("technician", "technician2", "technician3"):
        assign(api, w.users["dispatcher"], accepted_order(w), w.users[name])
    plan = api(w.users["dispatcher"]).post("dispatch/batch", {"region_id": w.region_sh.pk}).json()
    assert plan["unassigned"] == 1
    assert plan["rows"][0]["reason"] == "capacity_exhausted"
    assert plan["rows"][0]["reason_text"]


def test_batch_is_for_dispatchers_of_that_region(dispatch_world, api):
    w = dispatch_world
    body = {"region_id": w.region_sh.pk}
    assert api(w.users["dispatcher_bj"]).post("dispatch/batch", body).status_code == 404
    assert api(w.users["manager"]).post("dispatch/batch", body).status_code in (403, 404)
    assert api(w.users["agent"]).post("dispatch/batch", body).status_code == 403


def test_a_fresh_phone_position_beats_the_home_base(dispatch_world, api):
    w = dispatch_world
    far = w.users["technician3"]
    r = api(far).post("technicians/me/position", {"latitude": 31.2310, "longitude": 121.5401})
    assert r.status_code == 200, r.content
    order = accepted_order(w)
    rows = api(w.users["dispatcher"]).get(f"work-orders/{order.pk}/dispatch-suggestions").json()
    assert rows[0]["technician_id"] == far.pk
    assert rows[0]["explanation"]["technician_position"] == "last_known"
    assert (
        api(far).post("technicians/me/position", {"latitude": 123, "longitude": 0}).status_code
        == 422
    )
    assert (
        api(w.users["agent"])
        .post("technicians/me/position", {"latitude": 31, "longitude": 121})
        .status_code
        == 404
    )


def test_technician_without_coordinates_is_placed_at_their_station(dispatch_world, api):
    w = dispatch_world
    TechnicianProfile.objects.filter(user=w.users["technician"]).update(
        home_latitude=None, home_longitude=None
    )
    order = accepted_order(w)
    rows = api(w.users["dispatcher"]).get(f"work-orders/{order.pk}/dispatch-suggestions").json()
    mine = next(r for r in rows if r["technician_id"] == w.users["technician"].pk)
    assert mine["explanation"]["technician_position"] == "station"


def test_the_widening_search_finds_the_same_best_technician_as_the_full_region(dispatch_world):
    import random

    from aftersales.dispatch import feasibility
    from aftersales.dispatch.context import context_for
    from aftersales.dispatch.engine import rank_candidates
    from aftersales.dispatch.services import _best_candidate
    from tests.dispatch.helpers import place
    from tests.factories import technician_profile

    w = dispatch_world
    rng = random.Random(3)
    for i in range(30):
        tech = make_user(f"spread{i}", ["technician"], w.station_sh, display_name=f"技师{i}")
        technician_profile(tech, skills=[w.extra["fridge"]], daily_capacity=rng.randint(1, 4))
        place(tech, 31.2304 + rng.uniform(-1.2, 1.2), 121.54 + rng.uniform(-1.2, 1.2))
    setup.station_capacity_set(
        station=w.station_sh, actor=None, service_radius_km=500, daily_capacity=500
    )
    for priority in ("low", "normal", "urgent", "normal", "high", "urgent", "normal"):
        order = accepted_order(w, priority=priority)
        now = clock.now()
        _, _, techs, ranked, _ = _best_candidate(order, now)
        full = context_for([order], now)
        inst, all_techs = feasibility.instance(full, [full.order_info(order)])
        expected = rank_candidates(inst, 0, full.weights(full.policy_for(order)), limit=1)
        assert techs[ranked[0].tech_index].user_id == all_techs[expected[0].tech_index].user_id
        assert ranked[0].score == pytest.approx(expected[0].score)
        services.work_order_assign(
            work_order=order,
            technician=techs[ranked[0].tech_index].user,
            actor=w.users["dispatcher"],
        )


def test_a_reopened_order_goes_back_to_dispatch(
    dispatch_world, api, django_capture_on_commit_callbacks
):
    w = dispatch_world
    order = advance(w, file_request(w), "accept", "assign", "start", "complete", "close")
    with django_capture_on_commit_callbacks(execute=True):
        r = api(w.users["manager"]).post(
            f"work-orders/{order.pk}/transitions",
            {"transition": "reopen", "reason": "客户反映仍不制冷"},
        )
    assert r.status_code == 200
    order.refresh_from_db()
    assert order.status == "assigned" and order.technician is not None
    assert (
        list(
            Assignment.objects.filter(work_order=order)
            .order_by("id")
            .values_list("status", flat=True)
        )[-1]
        == "offered"
    )


def test_declining_through_the_transition_endpoint_answers_with_the_new_state(dispatch_world, api):
    w = dispatch_world
    order = accepted_order(w)
    assign(api, w.users["dispatcher"], order, w.users["technician"])
    r = api(w.users["technician"]).post(
        f"work-orders/{order.pk}/transitions", {"transition": "decline", "reason": "不在附近"}
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted" and r.json()["technician_id"] is None
    assert r.json()["allowed_transitions"] == []
