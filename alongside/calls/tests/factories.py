"""Test data for calls. Every name is synthetic."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.selectors import standing
from alongside.calls.models import Call, Direction


def call_by(supporter, member=None, *, minutes_ago=10, ended=True, direction=Direction.OUTGOING):
    """A call `supporter` logged `minutes_ago`, ended five minutes later unless `ended` is False."""
    started = timezone.now() - timedelta(minutes=minutes_ago)
    return Call.objects.create(
        program=standing(supporter).program,
        supporter=supporter,
        member=member,
        direction=direction,
        started_at=started,
        ended_at=started + timedelta(minutes=5) if ended else None,
    )
