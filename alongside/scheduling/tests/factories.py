"""Builders for scheduling tests: a supporter's hours and sessions. Every name is synthetic."""

from datetime import UTC, datetime, time, timedelta

from alongside.accounts.models import Profile
from alongside.records.models import Modality
from alongside.scheduling import services
from alongside.scheduling.models import Session, Status, WeeklyHours


def set_zone(user, name):
    Profile.objects.filter(user=user).update(time_zone=name)
    user.refresh_from_db()
    if hasattr(user, "_alongside_standing"):
        del user._alongside_standing


def weekday_hours(program, supporter, starts=time(9), ends=time(17), zone=None, days=range(7)):
    zone = zone or "America/New_York"
    return [
        WeeklyHours.objects.create(
            program=program,
            supporter=supporter,
            weekday=day,
            starts_at_time=starts,
            ends_at_time=ends,
            time_zone=zone,
        )
        for day in days
    ]


def next_day_at(hour, *, zone="America/New_York", days=3):
    """`hour` o'clock local time, `days` days from now, as an aware datetime."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo(zone)
    day = datetime.now(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def booked(world, starts_at=None, *, modality=Modality.IN_PERSON, minutes=50, **details):
    """A session the supporter books with the member (the supporter may book any time)."""
    if modality == Modality.IN_PERSON:
        details.setdefault("place", "The community centre on Main Street")
    if modality == Modality.ACCOMPANIMENT:
        details.setdefault("appointment_where", "Riverside Clinic")
        details.setdefault("appointment_purpose", "A check-up with the doctor")
    return services.book_session(
        by=world["supporter"],
        program=world.program,
        supporter=world["supporter"],
        member=world["member"],
        modality=modality,
        starts_at=starts_at or next_day_at(10),
        minutes=minutes,
        **details,
    )


def started(session, minutes_ago=60):
    """Move a booked session into the past (as if time had passed), keeping its length."""
    length = session.ends_at - session.starts_at
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes_ago)
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + length)
    session.refresh_from_db()
    return session


__all__ = ["Status", "booked", "next_day_at", "set_zone", "started", "weekday_hours"]
