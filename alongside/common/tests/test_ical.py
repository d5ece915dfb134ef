"""VTIMEZONEs as yearly rules, read back by vobject (not the icalendar package that wrote them)."""

import zoneinfo
from datetime import UTC, datetime

import pytest
import vobject
from icalendar import Calendar, Event

from alongside.common.ical import add_timezones


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        "Europe/Madrid",
        "Europe/Dublin",  # winter is its "daylight" time
        "Australia/Sydney",  # summer spans the new year
        "Australia/Lord_Howe",  # a half-hour change
        "Pacific/Chatham",
        "America/Santiago",
        "Asia/Tokyo",  # no change at all
    ],
)
def test_every_zones_rule_reads_back_right_all_year(zone):
    """Events at 10:00 local on the 1st and 15th of every month of 2026 read back at 10:00."""
    tz = zoneinfo.ZoneInfo(zone)
    calendar = Calendar()
    calendar.add("prodid", "-//test//")
    calendar.add("version", "2.0")
    for month in range(1, 13):
        for day in (1, 15):
            event = Event()
            event.add("uid", f"{month}-{day}")
            event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
            event.add("dtstart", datetime(2026, month, day, 10, tzinfo=tz))
            calendar.add_component(event)
    add_timezones(calendar)
    parsed = vobject.readOne(calendar.to_ical().decode())
    hours = {event.dtstart.value.astimezone(tz).strftime("%H:%M") for event in parsed.vevent_list}
    assert hours == {"10:00"}
