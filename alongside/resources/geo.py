"""Distance without tracking: the person types a postcode or a place name, which we look up in a small
gazetteer shipped with the app (data/gazetteer.csv: a synthetic demo area, "Riverbend", with invented
postcodes RB01–RB16), or types coordinates themself as "40.01, -75.02". Nothing is asked of the device
and nothing typed is stored. Distance is the haversine great-circle distance.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088
GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.csv"
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def gazetteer() -> dict[str, Place]:
    """Postcodes and place names (both normalised: case, spaces and punctuation ignored) → Place."""
    found: dict[str, Place] = {}
    with GAZETTEER.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            place = Place(row["place"], float(row["latitude"]), float(row["longitude"]))
            found[_key(row["postcode"])] = Place(
                f"{row['postcode']} ({row['place']})", place.latitude, place.longitude
            )
            found[_key(row["place"])] = place
    return found


def known_places() -> list[str]:
    """The postcodes and places the gazetteer knows, for the page's hint."""
    with GAZETTEER.open(encoding="utf-8") as handle:
        return [f"{row['postcode']} {row['place']}" for row in csv.DictReader(handle)]


def locate(text: str) -> Place | None:
    """Where a typed postcode, place name or "lat, lon" is; None when we do not know it."""
    if found := _COORDINATES.match(text):
        lat, lon = float(found.group(1)), float(found.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return Place(f"{lat:.4f}, {lon:.4f}", lat, lon)
        return None
    return gazetteer().get(_key(text)) if _key(text) else None


def bounding_box(place: Place, km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) enclosing a circle of `km` around `place`: a cheap
    indexed pre-filter before the exact haversine."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * max(math.cos(math.radians(place.latitude)), 0.01)))
    return (
        place.latitude - dlat,
        place.latitude + dlat,
        place.longitude - dlon,
        place.longitude + dlon,
    )
