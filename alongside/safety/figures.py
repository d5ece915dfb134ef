"""Reads of safety for the program's reports (aggregates only; `reports` builds on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alongside.accounts.models import Program

from .models import AssessmentLabel, Escalation


def escalations_between(
    program: Program, since: datetime, until: datetime
) -> list[tuple[Any, ...]]:
    """Escalations opened in [since, until): (level, opened_at, acknowledged_at, resolved_at)."""
    return list(
        Escalation.objects.filter(program=program, opened_at__gte=since, opened_at__lt=until)
        .order_by("opened_at", "pk")
        .values_list("level", "opened_at", "acknowledged_at", "resolved_at")
    )


def labels_between(program: Program, since: datetime, until: datetime) -> list[tuple[Any, ...]]:
    """Staff verdicts on assessments given in [since, until): (verdict, assessed level, right level,
    source kind) — false alarms and missed crises."""
    return list(
        AssessmentLabel.objects.filter(program=program, created_at__gte=since, created_at__lt=until)
        .order_by("created_at", "pk")
        .values_list("verdict", "assessed_level", "level", "source_kind")
    )
