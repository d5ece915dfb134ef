"""The one place billing reads records' notes: records has no selector for a whole program's signed
notes over a period, so this read (records' own `Note.objects.signed()`, read-only) lives here until it
has one. Nothing here writes to records."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from alongside.accounts.models import Program
from alongside.records.models import Note, NoteState


def signed_notes_between(
    program: Program, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Note]:
    """The program's signed notes (awaiting co-signature or final; not returned) of encounters that
    started in [start, end), with their encounter, member and author, in one query."""
    return (
        Note.objects.signed()
        .exclude(state=NoteState.RETURNED)
        .filter(program=program, encounter__started_at__gte=start, encounter__started_at__lt=end)
        .select_related("encounter", "member", "author")
        .order_by("encounter__started_at", "pk")
    )


def is_cosigned(note: Note) -> bool:
    return note.state == NoteState.FINAL and note.cosigned_at is not None


def is_final(note: Note) -> bool:
    return note.state == NoteState.FINAL
