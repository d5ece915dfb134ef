"""API routes for supervision: the same selectors and services as the pages; errors are JSON naming
the field. Reflective notes come back only to the session's supervisor and its supporter."""

from __future__ import annotations

import datetime
from decimal import Decimal
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
from .models import Competency, SessionKind, SupervisionSession
from .wellbeing import signals_of

router = Router(tags=["supervision"])


class HoursOut(Schema):
    supporter_id: int
    hours: Decimal = Field(description="Supervised hours, to two places.")
    minutes: int


class SessionIn(Schema):
    kind: SessionKind
    supporter_ids: list[int] = Field(min_length=1, max_length=50)
    held_on: datetime.date
    minutes: int
    competencies: list[Competency] = []
    notes: str = Field("", max_length=4000, description="Private reflective notes (one-to-one).")


class SessionOut(Schema):
    id: int
    kind: str
    held_on: datetime.date
    minutes: int
    competencies: list[str]
    supervisor_id: int
    supporter_ids: list[int]
    notes: str


class DebriefIn(Schema):
    accept: bool


class ReviewOut(Schema):
    id: int
    supporter_id: int
    kind: str
    escalation_id: int | None
    note: str
    debrief: str
    asked_to_talk: bool
    created_at: datetime.datetime


class CheckInIn(Schema):
    answers: dict[str, int | None] = {}
    note: str = Field("", max_length=1000)
    is_shared: bool = False


class CheckInOut(Schema):
    id: int
    is_shared: bool
    signals: list[str]


class LoadOut(Schema):
    supporter_id: int
    name: str
    caseload: int
    capacity: int | None
    on_call_hours: float
    escalations: int
    days_since_break: int | None
    on_break: bool
    signals: list[str]


def _invalid(error: ValidationError, default: str) -> Status[Any]:
    return Status(422, {"detail": " ".join(error.messages), "errors": field_errors(error, default)})


def _session_out(session: SupervisionSession, ids: list[int]) -> dict[str, Any]:
    return {
        "id": session.pk,
        "kind": session.kind,
        "held_on": session.held_on,
        "minutes": session.minutes,
        "competencies": session.competencies,
        "supervisor_id": session.supervisor_id,
        "supporter_ids": ids,
        "notes": session.notes,
    }


@router.get("/hours", response=HoursOut)
def hours(request: HttpRequest, supporter_id: int | None = None) -> dict[str, Any]:
    """Supervised hours of the caller (a supporter) or, for a supervisor, of one of their program's
    supporters."""
    viewer = caller(request, Role.SUPPORTER, Role.SUPERVISOR)
    person = selectors.access_supporter(viewer, supporter_id or viewer.pk)
    program = standing(viewer).program
    assert program is not None  # noqa: S101  # caller checked it
    return {
        "supporter_id": person.pk,
        "hours": selectors.supervised_hours(person, program),
        "minutes": selectors.supervised_minutes(person, program),
    }


@router.post("/sessions", response={201: SessionOut, 422: ApiError})
def log_session(request: HttpRequest, payload: SessionIn) -> Status[Any]:
    """A supervisor logs a session; it counts toward each supporter's supervised hours."""
    viewer = caller(request, Role.SUPERVISOR)
    people = list(User.objects.filter(pk__in=payload.supporter_ids))
    if len(people) != len(set(payload.supporter_ids)):
        people = []  # an unknown id: the service names the field
    try:
        session = services.log_session(
            supervisor=viewer,
            supporters=people,
            kind=payload.kind,
            held_on=payload.held_on,
            minutes=payload.minutes,
            competencies=list(payload.competencies),
            notes=payload.notes,
        )
    except ValidationError as error:
        return _invalid(error, "supporter_ids")
    return Status(201, _session_out(session, sorted(p.pk for p in people)))


@router.get("/sessions/{session_id}", response=SessionOut)
def session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """One session with its private notes: only its supervisor and its supporter may read it."""
    viewer = caller(request, Role.SUPPORTER, Role.SUPERVISOR)
    found = selectors.access_session(viewer, session_id)
    return _session_out(found, [p.pk for p in found.people])  # type: ignore[attr-defined]


@router.get("/review-queue", response=list[ReviewOut])
def review_queue(request: HttpRequest) -> list[dict[str, Any]]:
    """The case-review queue of the caller's program (supervisors)."""
    viewer = caller(request, Role.SUPERVISOR)
    program = standing(viewer).program
    assert program is not None  # noqa: S101  # caller checked it
    return [
        {
            "id": i.pk,
            "supporter_id": i.supporter_id,
            "kind": i.kind,
            "escalation_id": i.escalation_id,
            "note": i.note,
            "debrief": i.debrief,
            "asked_to_talk": i.asked_to_talk,
            "created_at": i.created_at,
        }
        for i in selectors.review_queue(program)
    ]


@router.post("/debriefs/{item_id}", response={200: ReviewOut, 422: ApiError})
def debrief(request: HttpRequest, item_id: int, payload: DebriefIn) -> Status[Any]:
    """The supporter accepts or declines the debrief offered after an escalation they handled."""
    viewer = caller(request, Role.SUPPORTER)
    item = selectors.access_review_item(viewer, item_id, as_supporter=True)
    try:
        item = services.answer_debrief(supporter=viewer, item=item, accept=payload.accept)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return _invalid(error, "accept")
    return Status(
        200,
        {
            "id": item.pk,
            "supporter_id": item.supporter_id,
            "kind": item.kind,
            "escalation_id": item.escalation_id,
            "note": item.note,
            "debrief": item.debrief,
            "asked_to_talk": item.asked_to_talk,
            "created_at": item.created_at,
        },
    )


@router.post("/check-ins", response={201: CheckInOut, 422: ApiError})
def check_in(request: HttpRequest, payload: CheckInIn) -> Status[Any]:
    """The supporter's own check-in (every item optional)."""
    viewer = caller(request, Role.SUPPORTER)
    try:
        found = services.record_check_in(
            supporter=viewer,
            answers=payload.answers,
            note=payload.note,
            is_shared=payload.is_shared,
        )
    except ValidationError as error:
        return _invalid(error, "answers")
    return Status(
        201, {"id": found.pk, "is_shared": found.is_shared, "signals": signals_of(found.answers)}
    )


@router.get("/load", response=list[LoadOut])
def load(request: HttpRequest) -> list[dict[str, Any]]:
    """The supervisor's view of load: figures and signals in words, no scores."""
    viewer = caller(request, Role.SUPERVISOR)
    program = standing(viewer).program
    assert program is not None  # noqa: S101  # caller checked it
    return [
        {
            "supporter_id": row.supporter.pk,
            "name": str(row.supporter),
            "caseload": row.caseload,
            "capacity": row.capacity,
            "on_call_hours": row.on_call_hours,
            "escalations": row.escalations,
            "days_since_break": row.days_since_break,
            "on_break": row.on_break,
            "signals": row.signals,
        }
        for row in selectors.load_of(program, viewer)
    ]
