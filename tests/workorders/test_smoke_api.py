def test_customer_files_a_request_and_agent_accepts(world, api):
    customer = api(world.users["customer"])
    r = customer.post(
        "service-requests", {"asset_id": world.asset.pk, "fault_description": "冰箱不制冷"}
    )
    assert r.status_code == 201, r.content
    order = r.json()
    assert order["number"].startswith("WO-")
    assert order["status"] == "new"
    assert order["region_id"] == world.region_sh.pk
    agent = api(world.users["agent"])
    r = agent.post(f"work-orders/{order['id']}/transitions", {"transition": "accept"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
