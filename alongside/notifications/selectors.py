"""Reads about how a person wants to be told things."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from alongside.accounts.models import User

from .models import NotificationSettings


def preferences_of(user: User) -> NotificationSettings:
    """The person's notification settings; the defaults (email off) when they never saved any."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def quiet_until(
    prefs: NotificationSettings, tz: zoneinfo.ZoneInfo, now: datetime
) -> datetime | None:
    """When quiet hours end, if `now` falls inside them; else None."""
    if not prefs.quiet_hours_on or prefs.quiet_from == prefs.quiet_until:
        return None
    local = now.astimezone(tz)
    start, end, at = prefs.quiet_from, prefs.quiet_until, local.time()
    inside = (start <= at < end) if start < end else (at >= start or at < end)
    if not inside:
        return None
    ends = datetime.combine(local.date(), end, tzinfo=tz)
    return ends if ends > local else ends + timedelta(days=1)
