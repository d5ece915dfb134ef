"""Test kit for anything that tells people things: allow someone email, and a mail server that fails."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from alongside.accounts.models import User
from alongside.accounts.selectors import time_zone_of

from .services import save_preferences


def allow_email(
    user: User, address: str | None = None, *, quiet_at: datetime | None = None
) -> None:
    """Give `user` an address and turn email on; quiet hours off, or around `quiet_at` if given."""
    if address is not None:
        user.email = address
        user.save(update_fields=["email"])
    start, end = time(3, 0), time(3, 1)
    if quiet_at is not None:
        local = quiet_at.astimezone(time_zone_of(user))
        start, end = (local - timedelta(hours=1)).time(), (local + timedelta(hours=1)).time()
    save_preferences(
        user=user,
        email_allowed=True,
        quiet_hours_on=quiet_at is not None,
        quiet_from=start,
        quiet_until=end,
    )


class RefusingBackend(BaseEmailBackend):
    """A mail server that drops the connection: `override_settings(EMAIL_BACKEND=REFUSING)`."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


REFUSING = f"{__name__}.RefusingBackend"
