"""The iCal feed parses back, carries TZIDs with VTIMEZONEs and UTC stamps, and its address can be
replaced."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
import vobject
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from alongside.groups import services
from alongside.groups.models import Meeting, Modality

from .factories import group_of

pytestmark = pytest.mark.django_db


def _feed(client, user):
    feed = services.calendar_feed_for(user=user)
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content), feed


def test_the_feed_lists_the_members_meetings_with_their_time_zone(world):
    group = group_of(
        world.program,
        name="Evening circle",
        first_meeting_on=date(2026, 1, 6),
        starts_at_time=time(19, 0),
        time_zone="America/New_York",
        modality=Modality.PHONE,
        dial_in="+1 555 0100, code 4242",
    )
    group_of(world.program, name="Not mine")
    services.join_group(group=group, member=world["member"])

    calendar, _feed_row = _feed(Client(), world["member"])

    events = calendar.walk("VEVENT")
    assert events and {str(e["SUMMARY"]) for e in events} == {"Evening circle"}
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York"}
    for event, meeting in zip(events, group.meetings.order_by("starts_at"), strict=False):
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert (start.hour, start.minute) == (19, 0)  # 7 pm local, winter and summer alike
        assert start.astimezone(UTC) == meeting.starts_at
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DTSTAMP").utcoffset().total_seconds() == 0
        assert str(event["UID"]) == f"meeting-{meeting.pk}@alongside"
        assert "code 4242" in str(event["DESCRIPTION"])


def test_replacing_the_address_stops_the_old_one(world):
    client = Client()
    _calendar, old = _feed(client, world["member"])
    new = services.revoke_calendar_feed(user=world["member"])
    assert new.token != old.token
    assert client.get(old.get_absolute_url()).status_code == 404
    assert client.get(new.get_absolute_url()).status_code == 200
    assert client.get(reverse("groups:calendar-feed", args=["nonsense"])).status_code == 404


def test_someone_who_left_no_longer_sees_the_meetings(world):
    group = group_of(world.program)
    services.join_group(group=group, member=world["member"])
    services.leave_group(group=group, member=world["member"])
    calendar, _feed_row = _feed(Client(), world["member"])
    assert calendar.walk("VEVENT") == []


def test_a_summer_and_a_winter_meeting_keep_their_local_time_read_by_another_parser(world):
    # vobject is not the icalendar package that writes the feed; it reads only a VTIMEZONE's first part,
    # so a zone written as a list of dated changes would put every summer meeting an hour out.
    new_york = zoneinfo.ZoneInfo("America/New_York")
    group = group_of(world.program, name="Evening circle", time_zone="America/New_York")
    services.join_group(group=group, member=world["member"])
    now = datetime.now(tz=new_york)

    def next_one(
        month: int, day: int
    ) -> datetime:  # within the year ahead, as the feed's zones cover
        at = datetime(now.year, month, day, 19, 0, tzinfo=new_york)
        return at if at > now else at.replace(year=now.year + 1)

    starts = [next_one(1, 12), next_one(7, 13)]
    made = [  # the group's own schedule may have made them already (it meets on Tuesdays at 7 pm)
        Meeting.objects.get_or_create(
            group=group, starts_at=at, defaults={"ends_at": at + timedelta(minutes=90)}
        )[0]
        for at in starts
    ]

    feed = services.calendar_feed_for(user=world["member"])
    response = Client().get(feed.get_absolute_url())
    parsed = vobject.readOne(response.content.decode())
    events = {event.uid.value: event for event in parsed.contents["vevent"]}

    for meeting, at in zip(made, starts, strict=True):
        start = events[f"meeting-{meeting.pk}@alongside"].dtstart.value
        assert start.utcoffset() == at.utcoffset()  # -5 h in January, -4 h in July
        assert start.astimezone(UTC) == at.astimezone(UTC)
