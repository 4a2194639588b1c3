"""Great-circle distance and service zones."""

from __future__ import annotations

import math

from django.db import models
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0088


class Zone(models.TextChoices):
    """SLA zones of DOMAIN.md §4.7: city 2 h, suburbs 3 h, remote 5 h response."""

    CITY = "city", _("City (市区)")
    SUBURB = "suburb", _("Suburb (郊区)")
    REMOTE = "remote", _("Remote (偏远)")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
