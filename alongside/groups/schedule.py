"""A group's schedule expanded into meeting times: local wall-clock times in the group's time zone,
turned into UTC one by one, so a 7 pm meeting stays at 7 pm across daylight-saving changes.

A start that falls in a spring-forward gap (02:30 on the night clocks jump) is read with the offset
before the jump, which lands it one hour later in wall time; a start in the repeated autumn hour
takes its first occurrence (fold=0).
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

FORTNIGHT = 2
LAST = -1


def nth_weekday_of_month(day: date) -> int:
    """1 for the first Monday of its month, 2 for the second…; a fifth one counts as the last (-1)."""
    nth = (day.day - 1) // 7 + 1
    return LAST if nth == 5 else nth


def _rule(frequency: str, first: datetime) -> rrule:
    day = weekday(first.weekday())
    if frequency == "weekly":
        return rrule(WEEKLY, dtstart=first, byweekday=day)
    if frequency == "fortnightly":
        return rrule(WEEKLY, interval=FORTNIGHT, dtstart=first, byweekday=day)
    if frequency == "monthly":
        return rrule(MONTHLY, dtstart=first, byweekday=day(nth_weekday_of_month(first.date())))
    raise ValueError(f"unknown frequency {frequency!r}")


def occurrences(
    *,
    first_on: date,
    at: time,
    time_zone: str,
    frequency: str,
    after: datetime,
    until: datetime,
) -> list[datetime]:
    """Starts (aware, UTC) of the meetings with after <= start < until."""
    tz = zoneinfo.ZoneInfo(time_zone)
    # Expand in naive local time (a day early and late, for the offset), then place each in the zone.
    low = after.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    high = until.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    first = datetime.combine(first_on, at)
    found = []
    for local in _rule(frequency, first).between(max(low, first), high, inc=True):
        start = local.replace(tzinfo=tz).astimezone(UTC)
        if after <= start < until:
            found.append(start)
    return found
