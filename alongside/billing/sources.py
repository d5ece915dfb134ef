"""The one place billing reads other apps: records' notes and the size of a group session, and
training's credentials, through their public selectors, read-only. Nothing here writes to them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count

from alongside.records.models import Encounter, Note, NoteState
from alongside.records.selectors import signed_notes_between
from alongside.training.selectors import current_between, current_credentials

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


def credentials_on(
    people_by_day: dict[datetime.date, set[int]],
) -> dict[datetime.date, dict[int, set[str]]]:
    """For each day, the kinds of credential each of that day's people holds current then (training
    decides "current"), in one query for the whole span."""
    if not people_by_day:
        return {}
    everyone = set().union(*people_by_day.values())
    rows = current_between(everyone, min(people_by_day), max(people_by_day)).values_list(
        "user_id", "kind", "issued_on", "expires_on"
    )
    held: dict[datetime.date, dict[int, set[str]]] = {day: {} for day in people_by_day}
    for user_id, kind, issued_on, expires_on in rows:
        for day, ids in people_by_day.items():
            if user_id in ids and issued_on <= day < expires_on:
                held[day].setdefault(user_id, set()).add(kind)
    return held
