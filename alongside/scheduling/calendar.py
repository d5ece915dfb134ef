"""A person's sessions (and their group meetings) as one iCalendar feed (RFC 5545), built with the
`icalendar` package, as groups does.

Each session is a VEVENT whose DTSTART/DTEND carry the feed owner's own time zone as a TZID, with the
matching VTIMEZONE, so a calendar app shows 10 am at 10 am across daylight-saving changes. UIDs are
stable per session, so a moved session updates its event and a cancelled one shows as cancelled. The
summary names no one: a calendar app may sync to a third party, so the words say only "a session" and
how you meet; the details are on Alongside. Group meetings come from groups' own feed (its public
`calendar.feed`), so one address serves both.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Component, Event

from alongside.accounts.models import User
from alongside.common.ical import add_timezones
from alongside.groups import calendar as groups_calendar
from alongside.groups import selectors as groups_selectors
from alongside.records.models import Modality

from . import selectors
from .models import Session, Status


def _event(session: Session, user: User, stamp: object) -> Event:
    tz = selectors.zone_of(user)
    event = Event()
    event.add("uid", f"session-{session.pk}@alongside")
    event.add("dtstamp", stamp)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add(
        "summary",
        _("Session on Alongside (%(how)s)") % {"how": session.get_modality_display().lower()},
    )
    lines = [_("The details are on your Alongside sessions page.")]
    if session.modality == Modality.ACCOMPANIMENT and session.transport:
        lines.append(_("Getting there: %(transport)s") % {"transport": session.transport})
    event.add("description", "\n\n".join(lines))
    if session.modality == Modality.IN_PERSON and session.place:
        event.add("location", session.place)
    if session.modality == Modality.ACCOMPANIMENT and session.appointment_where:
        event.add("location", session.appointment_where)
    if session.status == Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _group_events(user: User) -> list[Component]:
    """The person's group meetings, read back from groups' feed (its events and time zones)."""
    meetings = groups_selectors.calendar_meetings(user)
    if not meetings:
        return []
    found = Calendar.from_ical(groups_calendar.feed(user, meetings))
    return list(found.walk("VEVENT"))


def feed(user: User, sessions: Iterable[Session]) -> bytes:
    """The calendar for `user`, in their language: their sessions and group meetings."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Alongside//Sessions//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("My sessions on Alongside"))
        stamp = timezone.now()
        for session in sessions:
            calendar.add_component(_event(session, user, stamp))
        for event in _group_events(user):
            calendar.add_component(event)
        add_timezones(calendar)
        body: bytes = calendar.to_ical()
        return body
