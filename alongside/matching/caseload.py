"""Caseload limits set outside matching: a supervisor may cap how many members a supporter is offered,
below the capacity the supporter chose. Matching never offers more than the lower of the two.

The app that keeps the limits (supervision) registers, from its `AppConfig.ready()`, a function that
returns a subquery expression: each supporter's limit for the row's `user_id` and `program`, or NULL for
none. Matching annotates its supporter profiles with it, so a limit costs no extra query.

    caseload.register(lambda: Subquery(Limit.objects.filter(supporter=OuterRef("user_id"), ...)))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from .models import SupporterProfile

_limit: list[Callable[[], Any]] = []


def register(limit: Callable[[], Any]) -> None:
    """One keeper of limits (the latest registered wins, so a reload does not stack them)."""
    _limit[:] = [limit]


def with_limits(profiles: QuerySet[SupporterProfile]) -> QuerySet[SupporterProfile]:
    """`profiles` with each one's caseload limit as `caseload_limit` (None without a keeper)."""
    if not _limit:
        return profiles
    return profiles.annotate(caseload_limit=_limit[0]())


def capacity_of(profile: SupporterProfile) -> int:
    """The places a supporter may fill: their own capacity, lowered by a limit when there is one."""
    limit = getattr(profile, "caseload_limit", None)
    return profile.capacity if limit is None else min(profile.capacity, limit)
