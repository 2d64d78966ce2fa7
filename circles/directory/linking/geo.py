"""Where a postcode is and how far apart two places are.

Postcode centroids come from the ``zipcodes`` package, which ships the US ZIP
code list with coordinates inside it: no network, no third party told what a
person searched for. Distances are great-circle distances in miles, which is
what people in the US expect to read.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, latitude: object, longitude: object) -> "Point | None":
        """A point from stored or typed values, or None when either is missing or impossible."""
        try:
            lat = float(latitude)  # type: ignore[arg-type]
            lon = float(longitude)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return None
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        return cls(lat, lon)


def normalise_postcode(text: str) -> str | None:
    """The five-digit ZIP code in what a person typed ("02139", "02139-4307"), or None."""
    match = _ZIP.match(text or "")
    return match.group(1) if match and match.group(1).isascii() else None


def postcode_centre(text: str) -> Point | None:
    """The centre of a US ZIP code, or None when we do not know it."""
    code = normalise_postcode(text)
    if code is None:
        return None
    import zipcodes  # imported here: it loads its whole list on first use

    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        return None
    for row in found:
        point = Point.of(row.get("lat"), row.get("long"))
        if point is not None:
            return point
    return None


def miles_between(a: Point, b: Point) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, miles: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(south, north, west, east) around a point: a cheap filter before the exact distance."""
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(centre.latitude)), 0.01)
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * cos_lat)
    return (
        Decimal(str(round(max(-90.0, centre.latitude - dlat), 6))),
        Decimal(str(round(min(90.0, centre.latitude + dlat), 6))),
        Decimal(str(round(max(-180.0, centre.longitude - dlon), 6))),
        Decimal(str(round(min(180.0, centre.longitude + dlon), 6))),
    )
