"""Expiry reminders at 90, 30 and 7 days, sent once each by the background task, on a fixed clock."""

import datetime

import pytest
from django.utils import translation

from alongside.accounts.selectors import today_in
from alongside.notifications.testing import allow_email
from alongside.training import services, tasks

from .factories import credential_of

pytestmark = pytest.mark.django_db

EXPIRES = datetime.date(2027, 6, 30)


@pytest.mark.parametrize(
    ("days_left", "days", "sent"),
    [
        (91, 90, False),  # not yet the day
        (90, 90, True),
        (31, 30, False),
        (30, 30, True),
        (8, 7, False),
        (7, 7, True),
        (1, 7, True),  # a worker that ran late still reminds, while the credential holds
        (0, 7, False),  # never on or after the day it expired
    ],
)
def test_each_reminder_goes_on_its_day_and_not_before(world, mailoutbox, days_left, days, sent):
    supporter = world["supporter"]
    allow_email(supporter, "peer@example.org")
    credential = credential_of(supporter, world.program, expires_on=EXPIRES)
    today = EXPIRES - datetime.timedelta(days=days_left)
    assert services.remind_of_expiry(credential_id=credential.pk, days=days, today=today) is sent
    assert len(mailoutbox) == int(sent)


def test_each_reminder_is_sent_once_and_a_renewal_earns_them_again(world, mailoutbox):
    supporter = world["supporter"]
    allow_email(supporter, "peer@example.org")
    credential = credential_of(supporter, world.program, expires_on=EXPIRES)
    day = EXPIRES - datetime.timedelta(days=30)
    assert services.remind_expiring(today=day) == 1
    assert services.remind_expiring(today=day) == 0  # the 90-day one is now pointless too
    (email,) = mailoutbox
    assert email.subject == "Your credential expires in 30 days"
    assert "2027-06-30" in email.body and supporter.display_name in email.body
    services.record_credential(
        by=supporter,
        supporter=supporter,
        credential=credential,
        kind=credential.kind,
        issuer=credential.issuer,
        issued_on=credential.issued_on,
        expires_on=EXPIRES.replace(year=2029),
    )
    credential.refresh_from_db()
    assert credential.reminded == []


def test_the_reminder_is_written_in_the_supporters_language(world, mailoutbox):
    supporter = world["supporter"]
    supporter.language = "es"
    supporter.save(update_fields=["language"])
    allow_email(supporter, "peer@example.org")
    credential = credential_of(supporter, world.program, expires_on=EXPIRES)
    services.remind_of_expiry(
        credential_id=credential.pk, days=7, today=EXPIRES - datetime.timedelta(days=7)
    )
    assert mailoutbox[0].subject == "Tu credencial vence en 7 días"
    assert translation.get_language() in (None, "en", "en-us")


def test_recording_a_credential_asks_the_worker_for_its_reminders(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """The background task runs the same service; in tests the task backend runs it at once, so each
    task finds its day has not come, until a credential is recorded 30 days before it expires."""
    supporter = world["supporter"]
    allow_email(supporter, "peer@example.org")
    today = today_in(world.program)
    fields = {"kind": "recovery_coach", "issuer": "A synthetic board"}
    with django_capture_on_commit_callbacks(execute=True):
        services.record_credential(
            by=supporter,
            supporter=supporter,
            issued_on=today - datetime.timedelta(days=700),
            expires_on=today + datetime.timedelta(days=31),
            **fields,
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        credential = services.record_credential(
            by=supporter,
            supporter=supporter,
            issued_on=today - datetime.timedelta(days=700),
            expires_on=today + datetime.timedelta(days=30),
            **fields,
        )
    assert [m.subject for m in mailoutbox] == ["Your credential expires in 30 days"]
    credential.refresh_from_db()
    assert credential.reminded == [30, 90]
    assert tasks.remind_of_expiry.call(credential.pk, 7) is False  # not yet the day
