from aftersales.dispatch.models import Assignment, DispatchPolicy
from tests.dispatch.helpers import accepted_order
from tests.portal.test_customer_pages import login


def test_board_lists_waiting_orders_technicians_and_escalations(dispatch_world):
    w = dispatch_world
    order = accepted_order(w)
    page = login("dispatcher").get("/staff/dispatch/").content.decode()
    assert order.number in page
    assert str(w.users["technician"]) in page and str(w.users["technician3"]) in page
    assert str(w.users["technician_bj"]) not in page  # another region


def test_candidates_partial_explains_scores_and_ineligibility(dispatch_world):
    w = dispatch_world
    order = accepted_order(w)
    w.users["technician3"].technician_profile.skills.clear()
    page = (
        login("dispatcher").get(f"/staff/dispatch/orders/{order.pk}/suggestions/").content.decode()
    )
    assert f'data-technician="{w.users["technician"].pk}" class="feasible"' in page
    assert f'data-technician="{w.users["technician3"].pk}" class="infeasible muted"' in page
    assert "lacks the skill" in page


def test_assign_from_the_board_and_technician_accepts_on_the_order_page(dispatch_world):
    w = dispatch_world
    order = accepted_order(w)
    r = login("dispatcher").post(
        f"/staff/dispatch/orders/{order.pk}/assign/",
        {"technician": w.users["technician2"].pk, "reason": "就近"},
    )
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.technician == w.users["technician2"]
    tech = login("technician2")
    assert 'id="accept-offer"' in tech.get(f"/staff/orders/{order.pk}/").content.decode()
    tech.post(f"/staff/orders/{order.pk}/respond/", {"decision": "accept"})
    assert Assignment.objects.get(work_order=order).status == "accepted"
    assert 'id="accept-offer"' not in tech.get(f"/staff/orders/{order.pk}/").content.decode()


def test_board_refusal_is_shown_not_applied(dispatch_world):
    w = dispatch_world
    order = accepted_order(w)
    client = login("dispatcher")
    r = client.post(
        f"/staff/dispatch/orders/{order.pk}/assign/",
        {"technician": w.users["technician_bj"].pk},
        follow=True,
    )
    assert "outside the order" in r.content.decode()
    order.refresh_from_db()
    assert order.technician is None


def test_batch_plan_page_then_apply(dispatch_world):
    w = dispatch_world
    DispatchPolicy.objects.create(organisation=w.network, auto_dispatch=False)
    orders = [accepted_order(w) for _ in range(3)]
    client = login("dispatcher")
    page = client.post("/staff/dispatch/batch/", {"region": w.region_sh.pk}).content.decode()
    assert 'id="apply-plan"' in page and all(o.number in page for o in orders)
    assert not Assignment.objects.exists()
    client.post("/staff/dispatch/batch/", {"region": w.region_sh.pk, "apply": "1"})
    assert Assignment.objects.filter(method="batch").count() == 3


def test_board_is_not_for_agents_technicians_or_customers(dispatch_world):
    assert login("customer").get("/staff/dispatch/").status_code == 404
    for user in ("agent", "technician"):
        assert login(user).get("/staff/dispatch/").status_code == 404, user


def test_board_shows_the_most_urgent_waiting_orders_and_how_many_wait(dispatch_world, monkeypatch):
    from aftersales.dispatch import selectors

    w = dispatch_world
    orders = [accepted_order(w) for _ in range(3)]
    monkeypatch.setattr(selectors, "BOARD_WAITING", 2)
    client = login("dispatcher")
    page = client.get("/staff/dispatch/").content.decode()
    assert page.count('data-number="') == 2
    assert 'id="waiting-shown"' in page and "(3)" in page
    # The first shown are the ones due on site soonest.
    first_due = sorted(orders, key=lambda o: (o.onsite_due_at, o.pk))[:2]
    assert all(o.number in page for o in first_due)
    page = client.get("/staff/dispatch/?all=1").content.decode()
    assert page.count('data-number="') == 3
    assert 'id="waiting-shown"' not in page
