"""The calendar feed, read back with vobject (an iCalendar parser that is not the icalendar package
that wrote it): each session at the right local time across a daylight-saving change, for a person in
New York and for one in Madrid, whose clocks change a week apart."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.urls import reverse

from alongside.groups import services as groups_services
from alongside.groups.tests.factories import group_of, meeting_now
from alongside.records.models import Modality
from alongside.scheduling.models import Session, SessionFeed, Status

from .factories import set_zone

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# New York leaves daylight time on 1 November 2026, Madrid on 25 October.
BEFORE = datetime(2026, 10, 30, 10, 0, tzinfo=NEW_YORK)  # 14:00 UTC
AFTER = datetime(2026, 11, 3, 10, 0, tzinfo=NEW_YORK)  # 15:00 UTC


def _session(world, starts_at, **fields):
    return Session.objects.create(
        program=world.program,
        supporter=world["supporter"],
        member=world["member"],
        modality=fields.pop("modality", Modality.IN_PERSON),
        place=fields.pop("place", "The library on Elm Street"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=50),
        booked_by=world["supporter"],
        **fields,
    )


def _events(client, user):
    token = SessionFeed.objects.create(user=user).token
    response = client.get(reverse("scheduling:calendar-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    return {event.uid.value: event for event in calendar.contents.get("vevent", [])}


def _local(event, zone):
    return event.dtstart.value.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%m-%d %H:%M")


def test_sessions_keep_their_local_time_across_a_dst_change(world, client, settings):
    before, after = _session(world, BEFORE), _session(world, AFTER)
    set_zone(world["member"], "Europe/Madrid")

    supporters = _events(client, world["supporter"])
    first, second = (
        supporters[f"session-{before.pk}@alongside"],
        supporters[f"session-{after.pk}@alongside"],
    )
    # In New York, 10 am both times, though UTC moved an hour.
    assert (_local(first, "America/New_York"), _local(second, "America/New_York")) == (
        "10-30 10:00",
        "11-03 10:00",
    )
    assert first.dtstart.value.astimezone(UTC).hour == 14
    assert second.dtstart.value.astimezone(UTC).hour == 15
    # The event carries the person's own zone, with its VTIMEZONE, not a bare UTC time.
    assert first.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == ["America/New_York"]

    members = _events(client, world["member"])
    first, second = (
        members[f"session-{before.pk}@alongside"],
        members[f"session-{after.pk}@alongside"],
    )
    assert first.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == ["Europe/Madrid"]
    # Madrid has already changed on 30 October, New York not yet: 15:00 there, then 16:00.
    assert (_local(first, "Europe/Madrid"), _local(second, "Europe/Madrid")) == (
        "10-30 15:00",
        "11-03 16:00",
    )
    # The tzinfo vobject built from our VTIMEZONE agrees with the tz database on both dates.
    for event, at in ((first, BEFORE), (second, AFTER)):
        parsed = event.dtstart.value
        assert parsed.utcoffset() == at.astimezone(zoneinfo.ZoneInfo("Europe/Madrid")).utcoffset()
    assert (second.dtend.value - second.dtstart.value) == timedelta(minutes=50)


def test_the_feed_names_nobody_marks_cancelled_sessions_and_lists_group_meetings(world, client):
    kept = _session(world, BEFORE)
    gone = _session(
        world,
        AFTER,
        status=Status.CANCELLED,
        cancel_reason="Unwell",
        modality=Modality.VIDEO,
        place="",
    )
    group = group_of(world.program, facilitators=[world["supporter"]], name="Thursday circle")
    groups_services.join_group(group=group, member=world["member"])
    meeting = meeting_now(group)

    events = _events(client, world["member"])
    kept_event, gone_event = (
        events[f"session-{kept.pk}@alongside"],
        events[f"session-{gone.pk}@alongside"],
    )
    assert kept_event.summary.value == "Session on Alongside (in person)"
    assert kept_event.location.value == "The library on Elm Street"
    assert gone_event.status.value == "CANCELLED"
    words = " ".join(e.summary.value + e.description.value for e in (kept_event, gone_event))
    assert world["supporter"].display_name not in words
    assert world["member"].display_name not in words
    assert "Unwell" not in words
    assert events[f"meeting-{meeting.pk}@alongside"].summary.value == "Thursday circle"


def test_proposed_sessions_stay_out_and_an_unknown_token_is_not_found(world, client):
    proposed = _session(world, BEFORE, status=Status.PROPOSED)
    assert f"session-{proposed.pk}@alongside" not in _events(client, world["member"])
    assert client.get(reverse("scheduling:calendar-feed", args=["nope"])).status_code == 404
