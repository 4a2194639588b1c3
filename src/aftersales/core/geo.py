"""Great-circle distance and service zones."""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0088


class Zone(models.TextChoices):
    """SLA zones of ../shared/DOMAIN.md §4.7: city 2 h, suburbs 3 h, remote 5 h response."""

    CITY = "city", _("City (市区)")
    SUBURB = "suburb", _("Suburb (郊区)")
    REMOTE = "remote", _("Remote (偏远)")


@overload
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def haversine_km(
    lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray: ...
@overload
def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray | float, lon2: np.ndarray | float
) -> np.ndarray: ...
def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km, element-wise over NumPy arrays; plain floats give a float."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.subtract(lon2, lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(km) if np.ndim(km) == 0 else km
