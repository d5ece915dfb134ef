"""Opening hours in a resource's own time zone, and whether it is open at a moment.

Hours are {"mon": [["09:00", "17:00"], ...], ...}. An interval whose end is not after its start runs
past midnight: ["22:00", "06:00"] on Friday covers Friday 22:00 to Saturday 06:00. "24:00" ends at
midnight. A day missing from the dict is closed. Open-now is always computed in the resource's zone,
so a searcher in another zone gets the right answer, and daylight-saving days come out right because
the local wall-clock time is what counts.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_INTERVAL = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")

Hours = dict[str, list[list[str]]]


def minutes(text: str) -> int:
    """ "09:30" → 570; raises ValueError for anything that is not HH:MM from 00:00 to 24:00."""
    text = text.strip().zfill(5)
    found = _TIME.match(text)
    if not found or (found.group(1) == "24" and found.group(2) != "00"):
        raise ValueError(text)
    return int(found.group(1)) * 60 + int(found.group(2))


def clean_hours(hours: object) -> Hours:
    """Check and normalise an hours dict; raises ValueError naming what is wrong."""
    if not isinstance(hours, dict):
        raise ValueError("hours must map days to lists of [opens, closes]")
    cleaned: Hours = {}
    for day, intervals in hours.items():
        if day not in DAYS:
            raise ValueError(f"unknown day {day!r}")
        if not isinstance(intervals, list):
            raise ValueError(f"{day}: a list of [opens, closes]")
        for interval in intervals:
            if not (isinstance(interval, list | tuple) and len(interval) == 2):
                raise ValueError(f"{day}: each interval is [opens, closes]")
            opens, closes = (str(t).strip().zfill(5) for t in interval)
            if minutes(opens) == minutes(closes) and opens != "00:00":
                raise ValueError(f"{day}: opens and closes at the same time")
            cleaned.setdefault(day, []).append([opens, closes])
    return cleaned


def parse_hours_text(text: str) -> Hours:
    """ "mon 09:00-17:00; mon 18:00-20:00; sun 22:00-06:00" (the CSV form) → an hours dict."""
    hours: Hours = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        day, _, rest = part.partition(" ")
        found = _INTERVAL.match(rest)
        if day.lower() not in DAYS or not found:
            raise ValueError(f"cannot read {part!r}: write it like 'mon 09:00-17:00'")
        hours.setdefault(day.lower(), []).append([found.group(1), found.group(2)])
    return clean_hours(hours)


def hours_text(hours: Hours) -> str:
    return "; ".join(
        f"{day} {opens}-{closes}" for day in DAYS for opens, closes in hours.get(day, [])
    )


def _spans(hours: Hours) -> list[tuple[int, int]]:
    """Open spans as minutes from Monday 00:00, overnight ones running into the next day."""
    spans = []
    for index, day in enumerate(DAYS):
        for opens, closes in hours.get(day, []):
            start, end = minutes(opens), minutes(closes)
            if end <= start:
                end += 24 * 60  # past midnight ("00:00"-"00:00" is the whole day)
            spans.append((index * 1440 + start, index * 1440 + end))
    return spans


def is_open_at(hours: Hours, time_zone: str, at: datetime) -> bool:
    """True when the resource is open at the aware moment `at`, read in its own time zone."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = at.astimezone(zone)
    now = local.weekday() * 1440 + local.hour * 60 + local.minute
    week = 7 * 1440
    # A Sunday-night span reaches into Monday morning: also look at now + one week.
    return any(start <= t < end for start, end in _spans(hours) for t in (now, now + week))


def days_open(hours: Hours) -> list[tuple[str, list[str]]]:
    """For pages: [("mon", ["09:00–17:00"]), ...] for every day, closed days with an empty list."""
    return [(day, [f"{o}–{c}" for o, c in hours.get(day, [])]) for day in DAYS]
