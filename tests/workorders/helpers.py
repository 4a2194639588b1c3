from aftersales.workorders import services
from aftersales.workorders.models import WorkOrder


def file_request(world, customer=None, asset=None, **kw) -> WorkOrder:
    customer = customer or world.customer
    return services.work_order_create(
        customer=customer,
        asset=asset
        if asset is not None
        else (world.asset if customer == world.customer else world.other_asset),
        fault_description=kw.pop("fault_description", "冰箱不制冷"),
        channel=kw.pop("channel", "portal"),
        actor=kw.pop("actor", None),
        **kw,
    )


def advance(world, order: WorkOrder, *steps: str) -> WorkOrder:
    """Walk an order through the named transitions with the usual actors."""
    u = world.users
    for step in steps:
        actor = {
            "accept": u["agent"],
            "assign": u["dispatcher"],
            "close": u["manager"],
            "cancel": u["agent"],
            "reopen": u["manager"],
        }.get(step, u["technician"])
        services.work_order_transition(
            work_order=order,
            name=step,
            actor=actor,
            reason="test" if step in ("cancel", "reopen") else "",
            technician=u["technician"] if step == "assign" else None,
        )
    order.refresh_from_db()
    return order
