"""Factories for matching. Every person is synthetic."""

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.matching.models import SupporterProfile

EVENINGS = [f"{day}-evening" for day in ("mon", "tue", "wed", "thu", "fri")]


def supporter(program, username=None, **fields):
    """A peer supporter of `program` with a matching profile (free on weekday evenings, New York)."""
    user = person(program, Role.SUPPORTER, **({"username": username} if username else {}))
    defaults = {
        "languages": ["en"],
        "modalities": ["chat"],
        "availability": EVENINGS,
        "time_zone": "America/New_York",
        "capacity": 3,
        "bio": "I have been where you are.",
    }
    SupporterProfile.objects.create(user=user, program=program, **{**defaults, **fields})
    return user


def member(program, username=None):
    return person(program, Role.MEMBER, **({"username": username} if username else {}))
