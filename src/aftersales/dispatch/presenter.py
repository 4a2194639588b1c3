"""How dispatch explains itself: the numbers behind a choice, for the timeline and the board."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from aftersales.core.geo import haversine_km
from aftersales.dispatch.context import DispatchContext, OrderInfo, TechInfo
from aftersales.dispatch.engine import Candidate


def explain(
    ctx: DispatchContext, info: OrderInfo, tech: TechInfo, candidate: Candidate | None = None
) -> dict[str, Any]:
    """The numbers behind a choice, stored on the order's timeline."""
    km = candidate.km if candidate else haversine_km(info.lat, info.lon, tech.lat, tech.lon)
    data: dict[str, Any] = {
        "technician": tech.user_id,
        "station": tech.station.pk,
        "km": round(km, 1),
        "load": tech.load,
        "capacity": tech.capacity,
        "skill": info.category is None or info.category.pk in tech.skills,
        "sla_slack_min": None if info.slack_min == float("inf") else round(info.slack_min),
        "order_position": info.position_note,
        "technician_position": tech.position_note,
    }
    if candidate is not None:
        data.update(
            score=round(candidate.score, 2),
            travel_cost=round(candidate.travel_cost, 2),
            load_cost=round(candidate.load_cost, 2),
            lateness_hours=round(candidate.lateness_hours, 2),
        )
    if info.position_note != "address":
        data["note"] = str(
            _("The order has no coordinates; its regional centre's location was used.")
        )
    return data
