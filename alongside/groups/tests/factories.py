"""Groups for tests: `group_of(program, ...)` and a meeting happening now."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.groups import services
from alongside.groups.models import Meeting, Modality, SupportGroup


def group_of(program: Any, *, facilitators: Any = (), **fields: Any) -> SupportGroup:
    values: dict[str, Any] = {
        "name": "Tuesday evening circle",
        "topic": "grief",
        "description": "A gentle space to talk about loss.",
        "language": "en",
        "modality": Modality.ONLINE,
        "time_zone": "America/New_York",
        "first_meeting_on": date(2026, 1, 6),
        "starts_at_time": time(19, 0),
        "capacity": 8,
        "ground_rules": "What is said here stays here. Speak from your own experience.",
    }
    values.update(fields)
    return services.create_group(program=program, facilitators=facilitators, **values)


def meeting_now(group: SupportGroup, *, minutes_ago: int = 5) -> Meeting:
    """A meeting that started a few minutes ago, so its room is open."""
    start = timezone.now() - timedelta(minutes=minutes_ago)
    return Meeting.objects.create(group=group, starts_at=start, ends_at=start + group.duration)


def members(group: SupportGroup, count: int) -> list[Any]:
    people = [person(group.program, Role.MEMBER) for _ in range(count)]
    for someone in people:
        services.join_group(group=group, member=someone)
    return people
