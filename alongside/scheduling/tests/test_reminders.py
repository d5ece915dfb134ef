"""Reminders go a day and an hour before, once each per start time, by email to those who allow it,
and wait out quiet hours. The clock is passed in (`now=`), as groups' reminders do."""

from datetime import time, timedelta

import pytest
from django.core import mail

from alongside.accounts.selectors import time_zone_of
from alongside.notifications.services import save_preferences
from alongside.scheduling import services
from alongside.scheduling.models import SessionReminder

from .factories import booked, next_day_at

pytestmark = pytest.mark.django_db


def _allow(user, *, quiet_around=None):
    user.email = f"{user.username}@example.org"
    user.save(update_fields=["email"])
    if quiet_around is None:
        save_preferences(
            user=user,
            email_allowed=True,
            quiet_hours_on=False,
            quiet_from=time(3, 0),
            quiet_until=time(3, 1),
        )
        return
    local = quiet_around.astimezone(time_zone_of(user))  # quiet hours are the person's own
    save_preferences(
        user=user,
        email_allowed=True,
        quiet_hours_on=True,
        quiet_from=(local - timedelta(hours=1)).time(),
        quiet_until=(local + timedelta(minutes=30)).time(),
    )


def test_a_day_before_and_an_hour_before_each_person_is_reminded_once(world):
    session = booked(world, next_day_at(10, days=3))
    _allow(world["member"])
    _allow(world["supporter"])
    day_before = session.starts_at - timedelta(hours=24)
    assert services.send_session_reminders(session_id=session.pk, kind="day", now=day_before) == 2
    assert services.send_session_reminders(session_id=session.pk, kind="day", now=day_before) == 0
    hour_before = session.starts_at - timedelta(hours=1)
    assert services.send_session_reminders(session_id=session.pk, kind="hour", now=hour_before) == 2
    assert len(mail.outbox) == 4
    body = mail.outbox[0].body
    # The email names the time and how you meet, never the other person or the place.
    assert "10:00" in body and "in person" in body
    assert world["supporter"].display_name not in body
    assert session.place not in body


def test_no_reminder_too_early_for_a_cancelled_session_or_once_it_started(world):
    session = booked(world, next_day_at(10, days=3))
    _allow(world["member"])
    too_early = session.starts_at - timedelta(hours=30)
    assert services.send_session_reminders(session_id=session.pk, kind="day", now=too_early) == 0
    late = session.starts_at + timedelta(minutes=1)
    assert services.send_session_reminders(session_id=session.pk, kind="hour", now=late) == 0
    services.cancel_session(session=session, by=world["member"], reason="I am away.")
    hour_before = session.starts_at - timedelta(hours=1)
    assert services.send_session_reminders(session_id=session.pk, kind="hour", now=hour_before) == 0
    assert mail.outbox == []


def test_a_moved_session_is_reminded_again_for_its_new_time(world):
    session = booked(world, next_day_at(10, days=3))
    _allow(world["member"])
    hour_before = session.starts_at - timedelta(hours=1)
    assert services.send_session_reminders(session_id=session.pk, kind="hour", now=hour_before) == 1
    services.reschedule_session(
        session=session,
        by=world["supporter"],
        starts_at=session.starts_at + timedelta(days=1),
        reason="A training day came up.",
    )
    session.refresh_from_db()
    new_hour_before = session.starts_at - timedelta(hours=1)
    assert (
        services.send_session_reminders(session_id=session.pk, kind="hour", now=new_hour_before)
        == 1
    )
    assert SessionReminder.objects.filter(user=world["member"], kind="hour").count() == 2


def test_quiet_hours_hold_the_reminder_and_someone_without_email_is_noted(world):
    session = booked(world, next_day_at(10, days=3))
    hour_before = session.starts_at - timedelta(hours=24)
    _allow(world["member"], quiet_around=hour_before)
    assert services.send_session_reminders(session_id=session.pk, kind="day", now=hour_before) == 0
    # The member waits for their quiet hours to end; the supporter, who gave no email, is noted.
    assert not SessionReminder.objects.filter(user=world["member"]).exists()
    assert SessionReminder.objects.get(user=world["supporter"]).emailed is False
    assert mail.outbox == []
