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


def video_session(world, *, starts_in=0, minutes=50, **fields):
    """A booked video session of the world's supporter and member, starting `starts_in` minutes from
    now (made directly: the booking rules are scheduling's to test)."""
    from alongside.records.models import Modality
    from alongside.scheduling.models import Session

    starts_at = timezone.now() + timedelta(minutes=starts_in)
    fields = {
        "program": world.program,
        "supporter": world["supporter"],
        "member": world["member"],
        "booked_by": world["supporter"],
        **fields,
    }
    return Session.objects.create(
        modality=Modality.VIDEO,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **fields,
    )
