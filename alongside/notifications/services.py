"""One way to tell a person something. Every app emails people through `email_person`, which knows
whether the person allows email, keeps their quiet hours, and survives a mail server that fails.

In-app notices stay with the app whose thing they point at (conversations' notifications, safety's
alerts); SMS and push will be further channels here, behind the same settings.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.selectors import time_zone_of

from .models import HeldEmail, NotificationSettings
from .selectors import preferences_of, quiet_until

logger = logging.getLogger(__name__)

RETRY_AFTER = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))  # then given up


class QuietHours(enum.Enum):
    """What to do with an email that would arrive in someone's quiet hours."""

    HOLD = "hold"  # keep it and send it when they end (most emails)
    ASK = "ask"  # send nothing and say until when: the caller knows better (a stale reminder)
    IGNORE = "ignore"  # send now: a safety alert for the person on call


class Status(enum.Enum):
    SENT = "sent"
    NOT_WANTED = "not_wanted"  # no address, not active, or email turned off
    QUIET = "quiet"  # in quiet hours; nothing sent or kept (QuietHours.ASK)
    HELD = "held"  # kept, to be sent later
    FAILED = "failed"  # the mail server failed; logged (and kept for another try when held)


@dataclass(frozen=True)
class Delivery:
    status: Status
    until: datetime | None = None  # when quiet hours end, for QUIET and HELD

    @property
    def sent(self) -> bool:
        return self.status is Status.SENT


def email_person(
    *,
    to: User,
    subject: str,
    body: str,
    quiet_hours: QuietHours = QuietHours.HOLD,
    now: datetime | None = None,
) -> Delivery:
    """Email someone who gave an address and allows email, minding their quiet hours. Never raises
    for the mail server: a failure is logged and, for an email that may wait, tried again later.
    Write `subject` and `body` in their language, and never put names or words from a conversation
    in them."""
    if not to.email or not to.is_active:
        return Delivery(Status.NOT_WANTED)
    prefs = preferences_of(to)
    if not prefs.email_allowed:
        return Delivery(Status.NOT_WANTED)
    now = now or timezone.now()
    if quiet_hours is not QuietHours.IGNORE:
        ends = quiet_until(prefs, time_zone_of(to), now)
        if ends is not None and quiet_hours is QuietHours.ASK:
            return Delivery(Status.QUIET, until=ends)
        if ends is not None:
            _hold(to, subject, body, send_after=ends)
            return Delivery(Status.HELD, until=ends)
    if _send(to.email, subject, body):
        return Delivery(Status.SENT)
    if quiet_hours is QuietHours.HOLD:
        _hold(to, subject, body, send_after=now + RETRY_AFTER[0], attempts=1)
    return Delivery(Status.FAILED)


def _send(address: str, subject: str, body: str) -> bool:
    try:
        send_mail(subject, body, None, [address])
    except OSError as error:  # smtplib's errors, refused connections and time-outs are all OSError
        logger.warning("Could not send an email (%s); it is not lost from the app.", error)
        return False
    return True


def _hold(to: User, subject: str, body: str, *, send_after: datetime, attempts: int = 0) -> None:
    held = HeldEmail.objects.create(
        recipient=to, subject=subject, body=body, send_after=send_after, attempts=attempts
    )
    transaction.on_commit(partial(_enqueue_held, held.pk, at=send_after))


def _enqueue_held(held_id: int, *, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import send_held_email

    if not default_task_backend.supports_defer:
        return  # an immediate backend would send it now, in the quiet hours; `send_held_emails` will
    send_held_email.using(run_after=at).enqueue(held_id)


def send_held_email(*, held_id: int, now: datetime | None = None) -> bool:
    """Send one held email when its time has come, unless the person has since turned email off.
    A failure is tried again after a while, three times, then marked failed. True if sent."""
    now = now or timezone.now()
    held = HeldEmail.objects.due(now).select_related("recipient").filter(pk=held_id).first()
    if held is None:
        return False
    recipient = held.recipient
    if (
        not recipient.email
        or not recipient.is_active
        or not preferences_of(recipient).email_allowed
    ):
        HeldEmail.objects.filter(pk=held.pk).update(failed_at=now)  # nobody to send it to now
        return False
    if _send(recipient.email, held.subject, held.body):
        HeldEmail.objects.filter(pk=held.pk).update(sent_at=now, attempts=held.attempts + 1)
        return True
    attempts = held.attempts + 1
    if attempts > len(RETRY_AFTER):
        HeldEmail.objects.filter(pk=held.pk).update(attempts=attempts, failed_at=now)
        logger.error("Gave up on held email %s after %s tries.", held.pk, attempts)
        return False
    later = now + RETRY_AFTER[attempts - 1]
    HeldEmail.objects.filter(pk=held.pk).update(attempts=attempts, send_after=later)
    transaction.on_commit(partial(_enqueue_held, held.pk, at=later))
    return False


def send_held_emails(*, now: datetime | None = None) -> int:
    """Send every held email whose time has come (a catch-up sweep); returns how many went."""
    now = now or timezone.now()
    ids = list(HeldEmail.objects.due(now).values_list("pk", flat=True))
    return sum(send_held_email(held_id=pk, now=now) for pk in ids)


@transaction.atomic
def save_preferences(
    *, user: User, email_allowed: bool, quiet_hours_on: bool, quiet_from: time, quiet_until: time
) -> NotificationSettings:
    """Save how a person wants to be told things."""
    prefs, _created = NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "email_allowed": email_allowed,
            "quiet_hours_on": quiet_hours_on,
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
        },
    )
    return prefs
