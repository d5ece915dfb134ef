"""Email through the one service: only when allowed, held through quiet hours, and never a crash."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from alongside.notifications import services
from alongside.notifications.models import HeldEmail, NotificationSettings
from alongside.notifications.selectors import quiet_until
from alongside.notifications.services import QuietHours, Status, email_person
from alongside.notifications.testing import REFUSING, allow_email

MADRID = ZoneInfo("Europe/Madrid")


@pytest.mark.parametrize(
    ("start", "end", "now", "expected"),
    [
        (time(21), time(8), time(23, 30), datetime(2026, 3, 3, 8, 0, tzinfo=MADRID)),
        (time(21), time(8), time(6, 0), datetime(2026, 3, 2, 8, 0, tzinfo=MADRID)),
        (time(21), time(8), time(12, 0), None),
        (time(13), time(15), time(14, 0), datetime(2026, 3, 2, 15, 0, tzinfo=MADRID)),
        (time(13), time(15), time(15, 0), None),
        (time(9), time(9), time(9, 0), None),
    ],
)
def test_quiet_hours_wrap_around_midnight(start, end, now, expected):
    prefs = NotificationSettings(quiet_hours_on=True, quiet_from=start, quiet_until=end)
    on_the_day = datetime(2026, 3, 2, tzinfo=MADRID).date()
    assert quiet_until(prefs, MADRID, datetime.combine(on_the_day, now, tzinfo=MADRID)) == expected


@pytest.mark.django_db
def test_nobody_is_emailed_who_has_not_turned_email_on(world):
    world["member"].email = "robin@example.org"
    world["member"].save()
    delivery = email_person(to=world["member"], subject="Hello", body="Hello.")
    assert delivery.status is Status.NOT_WANTED and mail.outbox == []


@pytest.mark.django_db
def test_an_email_in_quiet_hours_is_held_and_sent_when_they_end(world):
    now = timezone.now()
    allow_email(world["member"], "robin@example.org", quiet_at=now)
    delivery = email_person(to=world["member"], subject="Hello", body="Hello.", now=now)
    assert delivery.status is Status.HELD and mail.outbox == []
    assert services.send_held_emails(now=now) == 0  # still quiet
    assert services.send_held_emails(now=delivery.until) == 1
    assert [m.to for m in mail.outbox] == [["robin@example.org"]]
    assert services.send_held_emails(now=delivery.until + timedelta(days=1)) == 0  # once


@pytest.mark.django_db
def test_a_held_email_is_dropped_if_email_was_turned_off_meanwhile(world):
    now = timezone.now()
    allow_email(world["member"], "robin@example.org", quiet_at=now)
    delivery = email_person(to=world["member"], subject="Hello", body="Hello.", now=now)
    NotificationSettings.objects.filter(user=world["member"]).update(email_allowed=False)
    assert services.send_held_emails(now=delivery.until) == 0
    assert mail.outbox == [] and HeldEmail.objects.get().failed_at is not None


@pytest.mark.django_db
def test_on_call_alerts_ignore_quiet_hours_and_asking_callers_hear_when_they_end(world):
    now = timezone.now()
    allow_email(world["supervisor"], "alex@example.org", quiet_at=now)
    asked = email_person(to=world["supervisor"], subject="S", body="B", quiet_hours=QuietHours.ASK)
    assert asked.status is Status.QUIET and asked.until > now and mail.outbox == []
    urgent = email_person(
        to=world["supervisor"], subject="S", body="B", quiet_hours=QuietHours.IGNORE
    )
    assert urgent.sent and len(mail.outbox) == 1
    assert not HeldEmail.objects.exists()


@pytest.mark.django_db
def test_a_failing_mail_server_is_logged_and_tried_again_then_given_up(world, caplog):
    allow_email(world["member"], "robin@example.org")
    now = timezone.now()
    with override_settings(EMAIL_BACKEND=REFUSING):
        delivery = email_person(to=world["member"], subject="Hello", body="Hello.", now=now)
        assert delivery.status is Status.FAILED
        assert "Could not send an email" in caplog.text
        held = HeldEmail.objects.get()
        assert held.attempts == 1 and held.send_after > now
        for _ in range(len(services.RETRY_AFTER)):
            held.refresh_from_db()
            assert services.send_held_email(held_id=held.pk, now=held.send_after) is False
    held.refresh_from_db()
    assert held.failed_at is not None and held.sent_at is None


@pytest.mark.django_db
def test_an_email_that_failed_once_goes_on_the_next_try(world):
    allow_email(world["member"], "robin@example.org")
    with override_settings(EMAIL_BACKEND=REFUSING):
        email_person(to=world["member"], subject="Hello", body="Hello.")
    held = HeldEmail.objects.get()
    assert services.send_held_email(held_id=held.pk, now=held.send_after) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_caller_that_keeps_its_own_state_hears_of_a_failure_and_nothing_is_held(world):
    allow_email(world["supervisor"], "alex@example.org")
    with override_settings(EMAIL_BACKEND=REFUSING):
        delivery = email_person(
            to=world["supervisor"], subject="S", body="B", quiet_hours=QuietHours.IGNORE
        )
    assert delivery.status is Status.FAILED and not HeldEmail.objects.exists()
