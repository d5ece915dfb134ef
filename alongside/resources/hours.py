"""Opening hours in a resource's own time zone, and whether it is open at a moment.

Hours are {"mon": [["09:00", "17:00"], ...], ...}. An interval whose end is not after its start runs
past midnight: ["22:00", "06:00"] on Friday covers Friday 22:00 to Saturday 06:00. "24:00" ends at
midnight. A day missing from the dict is closed. Open-now is always computed in the resource's zone,
so a searcher in another zone gets the right answer, and daylight-saving days come out right because
the local wall-clock time is what counts.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from datetime import datetime
from functools import lru_cache

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


def minute_of_week(time_zone: str, at: datetime) -> int:
    """Minutes since Monday 00:00 on the local wall clock of `time_zone` at the moment `at`."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = at.astimezone(zone)
    return local.weekday() * 1440 + local.hour * 60 + local.minute


def is_open_in_week(spans: list[tuple[int, int]], minute: int) -> bool:
    """True when `minute` of the week falls in a span; a Sunday-night span reaches into Monday
    morning, so the minute one week on is tried too."""
    week = 7 * 1440
    return any(start <= t < end for start, end in spans for t in (minute, minute + week))


@lru_cache(maxsize=4096)
def spans_of_text(hours_json: str) -> list[tuple[int, int]]:
    """The spans of hours given as JSON text (as the database holds them), parsed once per text:
    a big directory has few distinct timetables, so a search parses almost nothing."""
    return _spans(json.loads(hours_json) if hours_json else {})


def is_open_at(hours: Hours, time_zone: str, at: datetime) -> bool:
    """True when the resource is open at the aware moment `at`, read in its own time zone."""
    return is_open_in_week(_spans(hours), minute_of_week(time_zone, at))


def days_open(hours: Hours) -> list[tuple[str, list[str]]]:
    """For pages: [("mon", ["09:00–17:00"]), ...] for every day, closed days with an empty list."""
    return [(day, [f"{o}–{c}" for o, c in hours.get(day, [])]) for day in DAYS]
