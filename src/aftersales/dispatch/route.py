"""A technician's day in route order: nearest neighbour from where they are (pure)."""

from __future__ import annotations

from urllib.parse import quote

from aftersales.core.geo import haversine_km

Point = tuple[float, float]


def nearest_neighbour(start: Point | None, points: list[Point | None]) -> list[tuple[int, float]]:
    """Indices of `points` in visiting order with the km of each leg: always the nearest next
    stop. Points without coordinates come last, in their given order (leg unknown: -1)."""
    todo = [i for i, p in enumerate(points) if p is not None]
    route: list[tuple[int, float]] = []
    here = start
    while todo:
        if here is None:
            best, km = todo[0], -1.0
        else:
            at = here
            best = min(todo, key=lambda i: haversine_km(at[0], at[1], *points[i]))  # type: ignore[misc]
            km = haversine_km(here[0], here[1], *points[best])  # type: ignore[misc]
        todo.remove(best)
        route.append((best, km))
        here = points[best]
    route.extend((i, -1.0) for i, p in enumerate(points) if p is None)
    return route


def map_links(point: Point | None, label: str) -> dict[str, str]:
    """Links a phone opens in its map app, built from coordinates alone (no call from the
    server): a geo: URI and Amap's (高德) web marker URL (GCJ-02 as stored)."""
    if point is None:
        return {}
    lat, lon = point
    return {
        "geo": f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}",
        "amap": (
            f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}"
            f"&name={quote(label)}&coordinate=gaode&callnative=1"
        ),
    }
