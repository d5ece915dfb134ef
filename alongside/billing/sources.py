"""The one place billing reads records' notes: through records' public selectors, read-only. Nothing
here writes to records."""

from __future__ import annotations

from alongside.records.models import Note, NoteState
from alongside.records.selectors import signed_notes_between

__all__ = ["is_cosigned", "is_final", "signed_notes_between"]


def is_cosigned(note: Note) -> bool:
    return note.state == NoteState.FINAL and note.cosigned_at is not None


def is_final(note: Note) -> bool:
    return note.state == NoteState.FINAL
