"""A person's group meetings as an iCalendar feed (RFC 5545), built with the `icalendar` package.

Each meeting is one VEVENT whose DTSTART/DTEND carry the group's time zone as a TZID, with a matching
VTIMEZONE added for every zone used, so calendar apps keep 7 pm at 7 pm across daylight-saving
changes. DTSTAMP is in UTC, as the standard asks. UIDs are stable per meeting, so a re-fetched feed
updates events rather than duplicating them. Phone dial-in details go only to members and facilitators,
who are the only people whose feed lists the meeting.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from alongside.accounts.models import User
from alongside.common.ical import add_timezones

from .models import Meeting, Modality


def _event(meeting: Meeting, stamp: object) -> Event:
    group = meeting.group
    tz = zoneinfo.ZoneInfo(group.time_zone)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@alongside")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", group.name)
    lines = [group.description.strip()]
    if group.modality == Modality.PHONE and group.dial_in:
        lines.append(_("Dial in: %(details)s") % {"details": group.dial_in})
    if group.modality == Modality.ONLINE:
        lines.append(_("Join the room from the meeting's page on Alongside."))
    event.add("description", "\n\n".join(line for line in lines if line))
    if group.modality == Modality.IN_PERSON and group.place:
        event.add("location", group.place)
    if meeting.cancelled_at is not None:
        event.add("status", "CANCELLED")
    return event


def feed(user: User, meetings: Iterable[Meeting]) -> bytes:
    """The calendar for `user`, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Alongside//Groups//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("My groups on Alongside"))
        stamp = timezone.now()
        for meeting in meetings:
            calendar.add_component(_event(meeting, stamp))
        add_timezones(calendar)  # yearly rules: some readers get summer time wrong otherwise
        body: bytes = calendar.to_ical()
        return body
