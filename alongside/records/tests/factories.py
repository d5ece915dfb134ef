"""Test helpers for records: an encounter between the world's supporter and member, and notes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from alongside.records import services
from alongside.records.models import Modality, Note, NoteSettings, Source

_ids = itertools.count(1000)
START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def encounter(program, supporter, members, *, minutes=45, start=START, modality=Modality.VIDEO):
    return services.record_encounter(
        program=program,
        supporter=supporter,
        members=members,
        modality=modality,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        source=Source.SESSION,
        source_id=next(_ids),
        place_of_service="10",
    )


WORDS = {
    "goal": "Find a flat near my sister",
    "did": "We looked at two listings together and planned the call to the housing office.",
    "response": "Sam said it felt good to have a plan and chose to call on Monday.",
    "next_steps": "Sam calls the housing office; we meet again on Thursday.",
}


def draft(world, *, supporter=None, member=None, **words) -> Note:
    supporter = supporter or world["supporter"]
    member = member or world["member"]
    found = encounter(world.program, supporter, [member])
    note = services.start_note(encounter=found, member=member, author=supporter)
    services.save_note(note=note, author=supporter, **(WORDS | words))
    return note


def signed(world, **words) -> Note:
    note = draft(world, **words)
    return services.sign_note(note=note, author=note.author)


def require_cosign(program, *, delay_days=0):
    NoteSettings.objects.update_or_create(
        program=program, defaults={"cosign_required": True, "release_delay_days": delay_days}
    )
