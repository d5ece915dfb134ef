"""VTIMEZONE components written as yearly rules (RRULE), the form calendar apps read most widely, for
every iCalendar feed the app serves (sessions, group meetings): `add_timezones(calendar)`.

The `icalendar` package writes a zone as a list of dated transitions (RDATE) split over several
STANDARD/DAYLIGHT parts; the standard allows that, but some readers (Outlook, and the vobject parser
our tests use) read only the first part and get every summer time an hour wrong. So for each zone we
take today's rule from the tz database (the POSIX TZ string at the end of its TZif file, such as
`EST5EDT,M3.2.0,M11.1.0`) and write one STANDARD and one DAYLIGHT part with an RRULE, the way
tzurl.org and Google Calendar do. The rule is checked against zoneinfo hour by hour over the feed's
span; a zone whose rule does not hold there (a change announced in the data, Morocco's Ramadan hours)
or that RRULE cannot say (Greenland's change at "-1:00", the Saturday before a Sunday) falls back to
icalendar's own component.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dateutil import rrule
from django.utils import timezone as django_timezone
from icalendar import Calendar, Component, Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/(\d{1,2}(?::\d{2}){0,2}))?"
_POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?$")
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts from Sunday


@dataclass(frozen=True)
class _Change:
    """One yearly change: in `month`, the `week`-th (5: last) `weekday`, at `at` local wall time."""

    month: int
    week: int
    weekday: int
    at: timedelta

    def first_after(self, start: date) -> datetime:
        """The first local wall time of this change on or after `start`."""
        nth = -1 if self.week == 5 else self.week
        weekday = rrule.weekday((self.weekday - 1) % 7, nth)
        day = rrule.rrule(
            rrule.YEARLY,
            dtstart=datetime.combine(start, time(0)),
            bymonth=self.month,
            byweekday=weekday,
            count=1,
        )[0]
        found: datetime = day + self.at
        return found

    @property
    def byday(self) -> str:
        return f"{-1 if self.week == 5 else self.week}{_DAYS[self.weekday]}"


@dataclass(frozen=True)
class _Rule:
    std_name: str
    std_offset: timedelta
    dst_name: str = ""
    dst_offset: timedelta = timedelta(0)
    to_dst: _Change | None = None
    to_std: _Change | None = None

    def offset_at(self, moment: datetime) -> timedelta:
        """The UTC offset this rule gives at `moment` (aware)."""
        if self.to_dst is None or self.to_std is None:
            return self.std_offset
        year = moment.year
        starts = self.to_dst.first_after(date(year, 1, 1)) - self.std_offset
        ends = self.to_std.first_after(date(year, 1, 1)) - self.dst_offset
        utc = moment.astimezone(UTC).replace(tzinfo=None)
        if starts < ends:  # northern hemisphere: summer inside the year
            return self.dst_offset if starts <= utc < ends else self.std_offset
        return self.std_offset if ends <= utc < starts else self.dst_offset


def _duration(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _posix_string(key: str) -> str:
    """The footer of the zone's TZif file (from the system's tz database, else the tzdata package)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes().rsplit(b"\n", 2)[-2].decode("ascii")
    data = resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    return data.rsplit(b"\n", 2)[-2].decode("ascii")


def _parse(posix: str) -> _Rule | None:
    found = _POSIX.match(posix)
    if found is None:
        return None
    std, std_off, dst, dst_off, *rules = found.groups()
    std_offset = -_duration(std_off)  # POSIX counts hours west of Greenwich
    if dst is None:
        return _Rule(std.strip("<>"), std_offset)

    def change(month: str, week: str, weekday: str, at: str | None) -> _Change:
        return _Change(int(month), int(week), int(weekday), _duration(at or "2"))

    return _Rule(
        std.strip("<>"),
        std_offset,
        dst.strip("<>"),
        -_duration(dst_off) if dst_off else std_offset + timedelta(hours=1),
        change(*rules[0:4]),
        change(*rules[4:8]),
    )


def _holds(rule: _Rule, tz: zoneinfo.ZoneInfo, first: date, last: date) -> bool:
    """True when the rule gives zoneinfo's offset at every hour from `first` to `last`."""
    moment = datetime.combine(first, time(0), tzinfo=UTC)
    end = datetime.combine(last, time(0), tzinfo=UTC)
    while moment < end:
        if moment.astimezone(tz).utcoffset() != rule.offset_at(moment):
            return False
        moment += timedelta(hours=1)
    return True


def _part(
    kind: type[Component], name: str, start: datetime, before: timedelta, after: timedelta
) -> Component:
    part = kind()
    part.add("tzname", name)
    part.add("dtstart", start)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    return part


@lru_cache(maxsize=64)
def component(key: str, first: date, last: date) -> Timezone | None:
    """The VTIMEZONE for `key` as yearly rules, or None when today's rule does not hold over
    [first, last] (then the caller uses icalendar's own)."""
    try:
        tz = zoneinfo.ZoneInfo(key)
        rule = _parse(_posix_string(key))
    except (OSError, ValueError, ModuleNotFoundError, zoneinfo.ZoneInfoNotFoundError):
        return None
    if rule is None or not _holds(rule, tz, first, last):
        return None
    zone = Timezone()
    zone.add("tzid", key)
    # Both parts start the year before, so a date early in the span (a southern summer, Ireland's
    # winter "daylight" time) already falls under a rule.
    begin = date(first.year - 1, 1, 1)
    if rule.to_dst is None or rule.to_std is None:
        zone.add_component(
            _part(
                TimezoneStandard,
                rule.std_name,
                datetime.combine(begin, time(0)),
                rule.std_offset,
                rule.std_offset,
            )
        )
        return zone
    daylight = _part(
        TimezoneDaylight,
        rule.dst_name,
        rule.to_dst.first_after(begin),
        rule.std_offset,
        rule.dst_offset,
    )
    daylight.add(
        "rrule", {"freq": "yearly", "bymonth": rule.to_dst.month, "byday": rule.to_dst.byday}
    )
    standard = _part(
        TimezoneStandard,
        rule.std_name,
        rule.to_std.first_after(begin),
        rule.dst_offset,
        rule.std_offset,
    )
    standard.add(
        "rrule", {"freq": "yearly", "bymonth": rule.to_std.month, "byday": rule.to_std.byday}
    )
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def add_timezones(calendar: Calendar) -> None:
    """A VTIMEZONE for every zone the calendar's events use: as yearly rules where today's rule holds
    over the feed's span (from 70 days back to 400 ahead), else as icalendar writes it."""
    today = django_timezone.now().date()
    used = {
        str(event["DTSTART"].params["TZID"])
        for event in calendar.walk("VEVENT")
        if "TZID" in event["DTSTART"].params
    }
    for key in sorted(used):
        found = component(key, today - timedelta(days=70), today + timedelta(days=400))
        if found is not None:
            calendar.add_component(found)
    calendar.add_missing_timezones()  # only those not added above
