"""The check-in a supporter agreed when ending a conversation near an escalation (issue 14): when it
comes due they are reminded once, in the app on every page and by email only if they allow it. The
clock is passed in; nothing sleeps. Every name and word is synthetic."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alongside.conversations.services import send_message, start_conversation
from alongside.notifications.models import HeldEmail, NotificationSettings
from alongside.safety import services as safety
from alongside.safety.models import Alert, EventKind, FollowUp
from alongside.safety.tasks import remind_follow_up
from alongside.safety.tests.factories import CRISIS_WORDS

pytestmark = pytest.mark.django_db

REMINDER = "It is time to check in with"


def _agreed(world, *, hours: int = 2) -> FollowUp:
    """A crisis message, its escalation, and the supporter agreeing to check in `hours` from now."""
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
    )
    escalation = safety.escalate_message(message.pk)
    assert escalation is not None
    safety.mark_alert_seen(escalation=escalation, by=world["supporter"])  # the crisis alert read
    return safety.agree_follow_up(
        escalation=escalation,
        conversation_id=talk.pk,
        by=world["supporter"],
        kind="check_in",
        check_in_at=timezone.now() + timedelta(hours=hours),
    )


def _home(client) -> str:
    return client.get(reverse("accounts:home")).content.decode()


def test_the_supporter_is_reminded_once_when_the_check_in_comes_due(world, client_for):
    follow_up = _agreed(world)
    due = follow_up.check_in_at
    assert not remind_follow_up.call(follow_up.pk, (due - timedelta(minutes=1)).isoformat())
    supporter = client_for("supporter")
    assert REMINDER not in _home(supporter)

    assert remind_follow_up.call(follow_up.pk, (due + timedelta(seconds=1)).isoformat())
    page = _home(supporter)
    assert f"{REMINDER} {world['member']}, as you agreed." in page
    event = follow_up.escalation.events.get(kind=EventKind.REMINDED)
    assert list(event.recipients.all()) == [world["supporter"]]
    # Once only, however often the task or the sweep runs again.
    assert not remind_follow_up.call(follow_up.pk, (due + timedelta(hours=1)).isoformat())
    assert safety.remind_due_follow_ups(now=due + timedelta(hours=1)) == 0
    assert Alert.objects.filter(reason=EventKind.REMINDED).count() == 1


def test_the_reminder_stays_until_seen_even_after_the_escalation_is_resolved(world, client_for):
    follow_up = _agreed(world)
    safety.resolve_escalation(
        escalation=follow_up.escalation,
        by=world["supervisor"],
        actions=["asked_directly"],
        note="Talked it through.",
    )
    assert safety.remind_due_follow_ups(now=follow_up.check_in_at + timedelta(minutes=1)) == 1
    supporter = client_for("supporter")
    assert REMINDER in _home(supporter)
    supporter.post(reverse("safety:seen", args=[follow_up.escalation.pk]), {"next": "/"})
    assert REMINDER not in _home(supporter)


def test_the_sweep_reminds_what_came_due(world):
    soon, later = _agreed(world, hours=1), None
    call_command("safety_sweep")  # nothing due yet
    soon.refresh_from_db()
    assert soon.reminded_at is None
    FollowUp.objects.filter(pk=soon.pk).update(check_in_at=timezone.now() - timedelta(minutes=1))
    call_command("safety_sweep")
    soon.refresh_from_db()
    assert soon.reminded_at is not None and later is None


def test_a_hand_over_is_never_reminded(world):
    follow_up = _agreed(world)
    FollowUp.objects.filter(pk=follow_up.pk).update(kind="hand_over", check_in_at=None)
    assert safety.remind_due_follow_ups(now=timezone.now() + timedelta(days=2)) == 0


def test_the_reminder_is_emailed_only_to_a_supporter_who_allows_email(
    world, django_capture_on_commit_callbacks
):
    world["supporter"].email = "peer@example.org"
    world["supporter"].save()
    follow_up = _agreed(world)
    with django_capture_on_commit_callbacks(execute=True):
        safety.remind_follow_up(
            follow_up_id=follow_up.pk, now=follow_up.check_in_at + timedelta(minutes=1)
        )
    assert mail.outbox == []  # email is off until they turn it on

    NotificationSettings.objects.create(
        user=world["supporter"], email_allowed=True, quiet_hours_on=False
    )
    again = _agreed(world)
    with django_capture_on_commit_callbacks(execute=True):
        safety.remind_follow_up(follow_up_id=again.pk, now=again.check_in_at + timedelta(minutes=1))
    assert [m.to for m in mail.outbox] == [["peer@example.org"]]
    sent = mail.outbox[0]
    assert sent.subject == "A check-in you agreed is due on Alongside"
    assert str(world["member"]) not in sent.body and CRISIS_WORDS not in sent.body


def test_a_reminder_in_quiet_hours_waits_for_them_to_end(world, django_capture_on_commit_callbacks):
    world["supporter"].email = "peer@example.org"
    world["supporter"].save()
    NotificationSettings.objects.create(
        user=world["supporter"],
        email_allowed=True,
        quiet_hours_on=True,
        quiet_from=timezone.datetime.min.time(),  # quiet all day long
        quiet_until=timezone.datetime.max.time().replace(microsecond=0),
    )
    follow_up = _agreed(world)
    with django_capture_on_commit_callbacks(execute=True):
        safety.remind_follow_up(
            follow_up_id=follow_up.pk, now=follow_up.check_in_at + timedelta(minutes=1)
        )
    assert mail.outbox == []
    held = HeldEmail.objects.get(recipient=world["supporter"])
    assert held.subject == "A check-in you agreed is due on Alongside"
