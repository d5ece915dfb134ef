"""Escalations for tests, in the `world` program or another. Every name and word is synthetic."""

from __future__ import annotations

from itertools import count

from alongside.accounts.models import Program, User
from alongside.safety.models import Escalation, SourceKind
from alongside.safety.services import open_escalation

_sources = count(1000)

CRISIS_WORDS = "I'm going to kill myself tonight."  # synthetic; assessed `imminent`


def escalation_for(
    person: User,
    program: Program,
    *,
    supporter: User | None = None,
    level: str = "high",
    source_kind: str = SourceKind.CONVERSATION,
    source_id: int | None = None,
) -> Escalation:
    return open_escalation(
        program=program,
        person=person,
        source_kind=source_kind,
        source_id=source_id if source_id is not None else next(_sources),
        level=level,
        reasons=["Current thoughts of suicide or of wanting to die."],
        assigned_supporter=supporter,
    )
