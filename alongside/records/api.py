"""API routes for records: a supporter's encounters, notes (read through `access_note`, audited), the
person's comment and an addendum. The same selectors and services as the pages; errors are JSON naming
the field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller, field_errors

from . import selectors, services
from .models import Encounter, Note

router = Router(tags=["records"])


class EncounterOut(Schema):
    id: int
    modality: str
    started_at: datetime
    ended_at: datetime
    minutes: int
    place_of_service: str = Field(description="CMS place-of-service code, e.g. 02, 10, 11; or ''.")
    place: str
    source: str
    participant_ids: list[int]


class VersionOut(Schema):
    number: int
    goal: str
    did: str
    response: str
    next_steps: str
    place_of_service: str
    place: str
    saved_at: datetime
    signed_at: datetime | None


class EntryOut(Schema):
    kind: str = Field(description="addendum or member_comment")
    author_id: int
    body: str
    created_at: datetime


class NoteOut(Schema):
    id: int
    encounter: EncounterOut
    member_id: int
    author_id: int
    state: str = Field(description="draft, awaiting_cosign, returned or final")
    cosigned_by_id: int | None
    cosigned_at: datetime | None
    versions: list[VersionOut] = Field(description="Every version; the person sees the signed one.")
    entries: list[EntryOut]


class NoteSummary(Schema):
    id: int
    encounter_id: int
    member_id: int
    author_id: int
    state: str
    started_at: datetime


class EntryIn(Schema):
    body: str = Field(max_length=4000)


def _encounter_out(encounter: Encounter) -> dict[str, Any]:
    return {
        "id": encounter.pk,
        "modality": encounter.modality,
        "started_at": encounter.started_at,
        "ended_at": encounter.ended_at,
        "minutes": encounter.minutes,
        "place_of_service": encounter.place_of_service,
        "place": encounter.place,
        "source": encounter.source,
        "participant_ids": [p.pk for p in encounter.participants.all()],
    }


def _note_out(note: Note, viewer: User) -> dict[str, Any]:
    versions = list(note.versions.all())
    if viewer.pk == note.member_id:
        versions = [max((v for v in versions if v.signed_at), key=lambda v: v.number)]
    return {
        "id": note.pk,
        "encounter": _encounter_out(note.encounter),
        "member_id": note.member_id,
        "author_id": note.author_id,
        "state": note.state,
        "cosigned_by_id": note.cosigned_by_id,
        "cosigned_at": note.cosigned_at,
        "versions": [
            {
                "number": v.number,
                "goal": v.goal,
                "did": v.did,
                "response": v.response,
                "next_steps": v.next_steps,
                "place_of_service": v.place_of_service,
                "place": v.place,
                "saved_at": v.saved_at,
                "signed_at": v.signed_at,
            }
            for v in versions
        ],
        "entries": [
            {"kind": e.kind, "author_id": e.author_id, "body": e.body, "created_at": e.created_at}
            for e in note.entries.all()
        ],
    }


def _refused(error: ValidationError) -> Status[Any]:
    errors = field_errors(error, "body")
    return Status(422, {"detail": " ".join(error.messages), "errors": errors})


@router.get("/encounters", response=list[EncounterOut])
def list_encounters(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's own encounters as a supporter, newest first (the latest 200)."""
    viewer = caller(request)
    return [_encounter_out(e) for e in selectors.encounters_of(viewer)[:200]]


@router.get("/notes", response=list[NoteSummary])
def list_notes(request: HttpRequest) -> list[dict[str, Any]]:
    """Notes about the caller they can read (a member), or the caller's signed notes (a supporter)."""
    viewer = caller(request)
    found = standing(viewer)
    notes = (
        selectors.notes_of_member(viewer)
        if found.has(Role.MEMBER)
        else selectors.signed_notes_of(viewer)
    )
    return [
        {
            "id": n.pk,
            "encounter_id": n.encounter_id,
            "member_id": n.member_id,
            "author_id": n.author_id,
            "state": n.state,
            "started_at": n.encounter.started_at,
        }
        for n in notes[:200]
    ]


@router.get("/notes/{note_id}", response=NoteOut)
def get_note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    """One note, if the caller may read it (the read is in the access log)."""
    viewer = caller(request)
    return _note_out(selectors.access_note(viewer, note_id), viewer)


@router.post("/notes/{note_id}/comment", response={200: EntryOut, 422: ApiError})
def comment(request: HttpRequest, note_id: int, payload: EntryIn) -> Status[Any]:
    """The person adds their own words to a note about them."""
    viewer = caller(request, Role.MEMBER)
    note = selectors.access_note(viewer, note_id)
    try:
        entry = services.comment_on_note(note=note, member=viewer, body=payload.body)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _refused(error)
    return Status(
        200,
        {
            "kind": entry.kind,
            "author_id": viewer.pk,
            "body": entry.body,
            "created_at": entry.created_at,
        },
    )


@router.post("/notes/{note_id}/addendum", response={200: EntryOut, 422: ApiError})
def addendum(request: HttpRequest, note_id: int, payload: EntryIn) -> Status[Any]:
    """The author or a supervisor adds an addendum to a signed note; the signed words stay."""
    viewer = caller(request, Role.SUPPORTER, Role.SUPERVISOR)
    note = selectors.access_note(viewer, note_id)
    try:
        entry = services.add_addendum(note=note, author=viewer, body=payload.body)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _refused(error)
    return Status(
        200,
        {
            "kind": entry.kind,
            "author_id": viewer.pk,
            "body": entry.body,
            "created_at": entry.created_at,
        },
    )
