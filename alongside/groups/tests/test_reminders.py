"""Reminders go once, by email to those who allow it, and wait out quiet hours."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alongside.accounts.selectors import time_zone_of
from alongside.groups import services
from alongside.groups.models import Meeting, MeetingReminder
from alongside.notifications.services import save_preferences

from .factories import group_of

pytestmark = pytest.mark.django_db


def _soon(world):
    group = group_of(world.program, facilitators=[world["supporter"]])
    services.join_group(group=group, member=world["member"])
    services.join_group(group=group, member=world.other_member)
    start = timezone.now() + timedelta(hours=1)
    return Meeting.objects.create(group=group, starts_at=start, ends_at=start + group.duration)


def _allow(user, *, quiet=False):
    user.email = f"{user.username}@example.org"
    user.save(update_fields=["email"])
    local = timezone.now().astimezone(time_zone_of(user))  # quiet hours are the person's own
    start = (local - timedelta(hours=1)).time() if quiet else time(3, 0)
    end = (local + timedelta(minutes=30)).time() if quiet else time(3, 1)
    save_preferences(
        user=user, email_allowed=True, quiet_hours_on=quiet, quiet_from=start, quiet_until=end
    )


def test_members_who_allow_email_get_one_reminder(world):
    meeting = _soon(world)
    _allow(world["member"])
    sent = services.send_meeting_reminders(meeting_id=meeting.pk)
    again = services.send_meeting_reminders(meeting_id=meeting.pk)
    assert (sent, again) == (1, 0)
    assert [m.to for m in mail.outbox] == [[world["member"].email]]
    assert meeting.group.name in mail.outbox[0].body
    assert world.other_member.display_name not in mail.outbox[0].body
    # Those who do not allow email are noted, so they are not asked again.
    assert MeetingReminder.objects.filter(meeting=meeting, emailed=False).count() == 2


def test_quiet_hours_hold_the_reminder(world):
    meeting = _soon(world)
    _allow(world["member"], quiet=True)
    assert services.send_meeting_reminders(meeting_id=meeting.pk) == 0
    assert not MeetingReminder.objects.filter(meeting=meeting, user=world["member"]).exists()
    assert mail.outbox == []


def test_no_reminder_long_before_or_after_the_start(world):
    meeting = _soon(world)
    _allow(world["member"])
    early = timezone.now() - timedelta(hours=5)
    assert services.send_meeting_reminders(meeting_id=meeting.pk, now=early) == 0
    late = meeting.starts_at + timedelta(minutes=1)
    assert services.send_meeting_reminders(meeting_id=meeting.pk, now=late) == 0
