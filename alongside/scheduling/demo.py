"""Demo data for scheduling (synthetic people only): every supporter's weekly hours, and a week of
sessions for demo-supporter — the days gone by held (so records has their encounters) or missed, the
days to come booked, offered or cancelled — including a visit to an appointment and a video call."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import caseload_of, time_zone_of
from alongside.records.models import Modality

from . import selectors, services
from .models import ChangeKind, Session, SessionChange, WeeklyHours


def _hours(program: Program) -> None:
    supporters = User.objects.filter(memberships__program=program, memberships__role=Role.SUPPORTER)
    rows = []
    for supporter in supporters:
        zone = time_zone_of(supporter).key
        for weekday in range(5):
            for starts, ends in ((time(9), time(12)), (time(13), time(17))):
                rows.append(
                    WeeklyHours(
                        program=program,
                        supporter=supporter,
                        weekday=weekday,
                        starts_at_time=starts,
                        ends_at_time=ends,
                        time_zone=zone,
                    )
                )
    WeeklyHours.objects.bulk_create(rows)


def _past(
    program: Program, supporter: User, member: User, at: datetime, **fields: object
) -> Session:
    """A session that was booked earlier this week (the services refuse to book the past)."""
    session = Session.objects.create(
        program=program,
        supporter=supporter,
        member=member,
        starts_at=at,
        ends_at=at + timedelta(minutes=50),
        booked_by=supporter,
        **fields,
    )
    SessionChange.objects.create(
        session=session, kind=ChangeKind.BOOKED, by=supporter, at=at - timedelta(days=3)
    )
    return session


def load(program: Program) -> None:
    """Add this app's part of the demo program."""
    _hours(program)
    supporter = User.objects.filter(username="demo-supporter").first()
    member = User.objects.filter(username="demo-member").first()
    if supporter is None or member is None:
        return
    zone = time_zone_of(supporter)
    today = timezone.localdate(timezone.now(), zone)
    others = [link.member for link in caseload_of(supporter) if link.member_id != member.pk]

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=zone)

    # Days gone by: held with their real times (records makes the encounters), and one missed.
    visit = _past(
        program,
        supporter,
        member,
        at(-3, 10),
        modality=Modality.ACCOMPANIMENT,
        appointment_where="Riverside Health Centre, 2nd floor",
        appointment_purpose="A first appointment with a new doctor",
        transport="We meet at the bus stop on Mill Road and take the number 4",
    )
    services.mark_held(visit, started_at=at(-3, 9, 50), ended_at=at(-3, 11, 35), by=supporter)
    call = _past(program, supporter, member, at(-2, 14), modality=Modality.VIDEO)
    services.mark_held(call, started_at=at(-2, 14, 2), ended_at=at(-2, 14, 47), by=supporter)
    if others:
        walk = _past(
            program,
            supporter,
            others[0],
            at(-1, 11),
            modality=Modality.IN_PERSON,
            place="The café in Harbor Park",
        )
        services.mark_held(walk, started_at=at(-1, 11, 5), ended_at=at(-1, 11, 55), by=supporter)
    if len(others) > 1:
        missed = _past(program, supporter, others[1], at(-1, 15), modality=Modality.PHONE)
        services.mark_no_show(session=missed, by=supporter)

    # Days to come: booked, offered, and one cancelled with a reason.
    services.book_session(
        by=supporter,
        program=program,
        supporter=supporter,
        member=member,
        modality=Modality.ACCOMPANIMENT,
        starts_at=at(4, 9, 30),
        minutes=120,
        appointment_where="Harbor County benefits office",
        appointment_purpose="A housing support interview",
        transport="I will drive us both",
    )
    if others:
        services.propose_session(
            supporter=supporter,
            program=program,
            member=others[0],
            modality=Modality.PHONE,
            times=[at(3, 13), at(3, 15), at(5, 10)],
        )
        dropped = services.book_session(
            by=supporter,
            program=program,
            supporter=supporter,
            member=others[0],
            modality=Modality.IN_PERSON,
            place="The library on Elm Street",
            starts_at=at(2, 16),
        )
        services.cancel_session(
            session=dropped, by=others[0], reason="I have a job interview that afternoon."
        )
    # The week page also shows the supporter's other days: a few phone calls later in the week.
    for offset, person in enumerate(others[2:5]):
        services.book_session(
            by=supporter,
            program=program,
            supporter=supporter,
            member=person,
            modality=Modality.PHONE,
            starts_at=at(3 + offset, 14),
        )
    # Last, so nothing booked after it can clash: the member books a video call from the supporter's
    # free times, as the booking page does.
    free = selectors.free_times(
        program=program,
        supporter_ids=[supporter.pk],
        starts=at(1, 0),
        ends=at(8, 0),
        minutes=selectors.settings_of(program).session_minutes,
        member=member,
    )[supporter.pk]
    if free:
        services.book_session(
            by=member,
            program=program,
            supporter=supporter,
            member=member,
            modality=Modality.VIDEO,
            starts_at=free[min(2, len(free) - 1)],
        )
