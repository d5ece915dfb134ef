"""The one place billing reads other apps: records' notes and the size of a group session, and
training's credentials, through their public selectors, read-only. Nothing here writes to them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count

from alongside.records.models import Encounter, Note, NoteState
from alongside.records.selectors import signed_notes_between
from alongside.training.selectors import current_credentials

__all__ = [
    "credential_kinds",
    "credentials_on",
    "group_sizes",
    "is_cosigned",
    "is_final",
    "signed_notes_between",
]


def is_cosigned(note: Note) -> bool:
    return note.state == NoteState.FINAL and note.cosigned_at is not None


def is_final(note: Note) -> bool:
    return note.state == NoteState.FINAL


def group_sizes(encounter_ids: Iterable[int]) -> dict[int, int]:
    """How many people (the supporter aside) took part in each encounter, in one query."""
    return dict(
        Encounter.objects.filter(pk__in=list(encounter_ids))
        .annotate(people=Count("participants"))
        .values_list("pk", "people")
    )


def credential_kinds() -> list[tuple[str, str]]:
    """Training's kinds of credential, as (value, label): read from its public selector's rows, so
    billing never names training's models."""
    field = current_credentials([], datetime.date.min).model._meta.get_field("kind")
    return [(str(value), str(label)) for value, label in field.flatchoices]


def credentials_on(user_ids: Iterable[int], on: datetime.date) -> dict[int, set[str]]:
    """The kinds of credential each person holds current on day `on` (training decides "current")."""
    held: dict[int, set[str]] = {}
    for user_id, kind in current_credentials(user_ids, on).values_list("user_id", "kind"):
        held.setdefault(user_id, set()).add(kind)
    return held
