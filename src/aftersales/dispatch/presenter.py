"""How dispatch explains itself: the numbers behind a choice (for the timeline and the board)
and the words for why a technician may not take an order, or an order found nobody."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext_lazy as _

from aftersales.core.geo import haversine_km
from aftersales.dispatch.context import DispatchContext, OrderInfo, TechInfo
from aftersales.dispatch.engine import Candidate


class PlanRow(Protocol):
    technician: Any


Row = TypeVar("Row", bound=PlanRow)

REASONS = {
    "not_technician": _("not an active technician of a service station"),
    "no_profile": _("has no dispatch profile (skills, shift, capacity)"),
    "outside_region": _("the station is outside the order's region"),
    "other_station": _("the order is kept at another station"),
    "not_authorised": _(
        "the station has no authorisation (网签) in force for this manufacturer's category in this region"
    ),
    "no_skill": _("lacks the skill for this product category"),
    "no_certification": _("lacks the required certification"),
    "off_shift": _("not on shift"),
    "at_capacity": _("at daily capacity"),
    "station_full": _("the station is at capacity"),
    "outside_area": _("the customer is outside the station's service area"),
    "declined_before": _("already declined or let this order expire"),
    "no_feasible_technician": _(
        "no technician has the skill, shift and authorisation for this order"
    ),
    "capacity_exhausted": _("every suitable technician is at capacity"),
    "no_product": _("no product: skills and authorisation cannot be checked"),
    "outside_service_area": _("the customer is outside every suitable station's service area"),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


def reason_texts(codes: list[str]) -> list[str]:
    return [reason_text(c) for c in codes]


def plan_rows(rows: list[Row]) -> list[Row]:
    """A batch plan as the dispatcher reads it: the assignments first, then what it cannot serve."""
    return sorted(rows, key=lambda row: row.technician is None)


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
