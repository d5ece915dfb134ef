"""Demo data for calls (synthetic people only): a week of phone calls the demo supporter logged, each
with its encounter, one warm-line caller among them, and a number the demo member shares for calls.
Numbers are in 555-0100..0199, the range set aside for fiction."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.choices import Audience, Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import caseload_of

from . import services
from .models import Call, Direction

# (days ago, hour of the day in UTC, minutes long, direction, the nth member of the caseload or None)
CALLS = [
    (6, 15, 22, Direction.OUTGOING, 0),
    (5, 19, 9, Direction.INCOMING, None),  # a warm-line caller who is not a member
    (4, 14, 31, Direction.INCOMING, 1),
    (3, 16, 14, Direction.OUTGOING, 2),
    (2, 21, 18, Direction.INCOMING, 0),
    (1, 13, 7, Direction.OUTGOING, 3),
]


def _supporter(program: Program) -> User | None:
    found = User.objects.filter(username="demo-supporter").first()
    if found is not None:
        return found
    membership = Membership.objects.filter(program=program, role=Role.SUPPORTER).first()
    return membership.user if membership else None


def load(program: Program) -> None:
    """Add this app's part of the demo program (once)."""
    supporter = _supporter(program)
    if supporter is None or Call.objects.filter(program=program).exists():
        return
    members = [link.member for link in caseload_of(supporter)]
    if not members:
        return
    services.save_phone_number(
        member=members[0], number="+1 555 010 0142", audience=Audience.CARE_TEAM
    )
    today = timezone.now().replace(minute=0, second=0, microsecond=0)
    for days_ago, hour, minutes, direction, nth in CALLS:
        started = today.replace(hour=hour) - timedelta(days=days_ago)
        member = members[nth % len(members)] if nth is not None else None
        call = services.start_call(
            supporter=supporter, member=member, direction=direction, at=started
        )
        services.end_call(call=call, by=supporter, at=started + timedelta(minutes=minutes))
