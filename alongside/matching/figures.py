"""Reads of matching for the program's reports (aggregates only; `reports` builds on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alongside.accounts.models import Program

from .models import SupportRequest


def requests_between(program: Program, since: datetime, until: datetime) -> list[tuple[Any, ...]]:
    """Support requests made in [since, until): (member id, urgency, status, created_at, matched_at,
    updated_at — for a withdrawn request, when it was withdrawn)."""
    return list(
        SupportRequest.objects.filter(program=program, created_at__gte=since, created_at__lt=until)
        .order_by("created_at", "pk")
        .values_list("member_id", "urgency", "status", "created_at", "matched_at", "updated_at")
    )
