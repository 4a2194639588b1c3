from aftersales.customers.models import Asset


def test_agent_records_an_asset(world, api):
    r = api(world.users["agent"]).post(
        "assets",
        {
            "product_model_id": world.extra["fridge_model"].pk,
            "serial": "hy470a0099",
            "customer_id": world.customer.pk,
            "production_batch": "202601-B1",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["serial"] == "HY470A0099"
    assert r.json()["registered"] is False


def test_duplicate_serial_for_the_same_manufacturer_is_a_conflict(world, api):
    r = api(world.users["agent"]).post(
        "assets", {"product_model_id": world.extra["fridge_model"].pk, "serial": world.asset.serial}
    )
    assert r.status_code == 409
    assert r.json()["errors"][0]["field"] == "serial"


def test_same_serial_at_another_manufacturer_is_allowed(world, api):
    r = api(world.users["agent"]).post(
        "assets", {"product_model_id": world.extra["car_model"].pk, "serial": world.asset.serial}
    )
    assert r.status_code == 201


def test_future_purchase_date_unknown_model_and_negative_mileage_are_refused(world, api):
    agent = api(world.users["agent"])
    model = world.extra["car_model"].pk
    before = Asset.objects.count()
    assert (
        agent.post(
            "assets", {"product_model_id": model, "serial": "X1", "purchase_date": "2999-01-01"}
        ).json()["errors"][0]["field"]
        == "purchase_date"
    )
    assert (
        agent.post("assets", {"product_model_id": 999999, "serial": "X2"}).json()["errors"][0][
            "field"
        ]
        == "product_model_id"
    )
    assert (
        agent.post("assets", {"product_model_id": model, "serial": "X3", "mileage_km": -5}).json()[
            "errors"
        ][0]["field"]
        == "mileage_km"
    )
    assert Asset.objects.count() == before


def test_manufacturer_auditor_records_only_its_own_models(world, api):
    auditor = api(world.users["auditor"])
    assert (
        auditor.post(
            "assets", {"product_model_id": world.extra["fridge_model"].pk, "serial": "FACTORY-1"}
        ).status_code
        == 201
    )
    assert (
        auditor.post(
            "assets", {"product_model_id": world.extra["car_model"].pk, "serial": "FACTORY-2"}
        ).status_code
        == 422
    )


def test_asset_visibility(world, api):
    assert api(world.users["customer"]).get(f"assets/{world.asset.pk}").status_code == 200
    assert api(world.users["customer"]).get(f"assets/{world.other_asset.pk}").status_code == 404
    assert api(world.users["auditor"]).get(f"assets/{world.other_asset.pk}").status_code == 404
    assert api(world.users["auditor_car"]).get(f"assets/{world.other_asset.pk}").status_code == 200
    # A station sees an asset only once it has worked on it.
    assert api(world.users["manager"]).get(f"assets/{world.asset.pk}").status_code == 404
