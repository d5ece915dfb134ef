"""Reads for records: encounters, the notes queue, the supporter's day."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from alongside.accounts.models import User
from alongside.safety.selectors import open_escalations

from .models import Encounter

DAY_LIST_LIMIT = 20


def encounters_of(supporter: User) -> QuerySet[Encounter]:
    """A supporter's encounters, newest first, with their participants (a fixed number of queries)."""
    return (
        Encounter.objects.filter(supporter=supporter)
        .select_related("program")
        .prefetch_related("participants")
        .order_by("-started_at", "-pk")
    )


def notes_to_write(supporter: User) -> QuerySet[Encounter]:
    """Encounters of `supporter` that still need a note, oldest first (the notes queue)."""
    return encounters_of(supporter).order_by("started_at", "pk")


def day_notes_to_write(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]  # the day page requires a signed-in supporter
    queue = notes_to_write(user)
    return {"encounters": list(queue[:DAY_LIST_LIMIT]), "more": queue.count() > DAY_LIST_LIMIT}


def day_open_escalations(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    return {"escalations": list(open_escalations(user)[:DAY_LIST_LIMIT])}
