"""API routes for sessions: a supporter's free times, booking, reading and cancelling a session. The
same selectors and services as the pages; errors are JSON naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja import Schema as NinjaSchema
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller, field_errors

from . import selectors, services
from .models import Session

router = Router(tags=["sessions"])


class FreeTimesQuery(NinjaSchema):  # query strings are text: "7" is read as 7 here
    supporter_id: int = Field(description="One of the member's peer supporters.")
    days: int = Field(14, ge=1, le=28, description="How many days ahead, from now.")


class FreeTimesOut(Schema):
    supporter_id: int
    minutes: int
    time_zone: str = Field(description="The caller's time zone; `local` times are in it.")
    times: list[datetime] = Field(description="Start times, in UTC.")
    local: list[str] = Field(description="The same start times in the caller's zone, ISO 8601.")


class BookIn(Schema):
    supporter_id: int
    starts_at: datetime = Field(description="One of the free times, with its offset.")
    modality: str = Field(description="chat, phone, video, in_person or accompaniment.")
    place: str = Field("", max_length=200)
    appointment_where: str = Field("", max_length=200)
    appointment_purpose: str = Field("", max_length=200)
    transport: str = Field("", max_length=200)


class CancelIn(Schema):
    reason: str = Field(max_length=300)


class SessionOut(Schema):
    id: int
    supporter_id: int
    member_id: int
    modality: str
    status: str
    starts_at: datetime
    ends_at: datetime
    place: str
    appointment_where: str
    appointment_purpose: str
    transport: str
    cancel_reason: str


def _out(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "supporter_id": session.supporter_id,
        "member_id": session.member_id,
        "modality": session.modality,
        "status": session.status,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place,
        "appointment_where": session.appointment_where,
        "appointment_purpose": session.appointment_purpose,
        "transport": session.transport,
        "cancel_reason": session.cancel_reason,
    }


def _refused(error: ValidationError) -> Status[Any]:
    errors = field_errors(error)
    first = errors[0]["field"] if errors and errors[0]["field"] != "__all__" else None
    return Status(422, {"detail": " ".join(error.messages), "field": first, "errors": errors})


def _supporter_of(member: User, supporter_id: int) -> User:
    for supporter in selectors.supporters_for(member):
        if supporter.pk == supporter_id:
            return supporter
    raise Http404


@router.get("/free-times", response=FreeTimesOut)
def free_times(request: HttpRequest, query: Query[FreeTimesQuery]) -> dict[str, Any]:
    """A member's supporter's free times for the program's session length."""
    member = caller(request, Role.MEMBER)
    supporter = _supporter_of(member, query.supporter_id)
    program = standing(member).program
    assert program is not None  # noqa: S101  # caller checked it
    minutes = selectors.settings_of(program).session_minutes
    now = timezone.now()
    times = selectors.free_times(
        program=program,
        supporter_ids=[supporter.pk],
        starts=now,
        ends=now + timedelta(days=query.days),
        minutes=minutes,
        member=member,
    )[supporter.pk]
    zone = selectors.zone_of(member)
    return {
        "supporter_id": supporter.pk,
        "minutes": minutes,
        "time_zone": zone.key,
        "times": times,
        "local": [t.astimezone(zone).isoformat() for t in times],
    }


@router.post("", response={201: SessionOut, 422: ApiError})
def book(request: HttpRequest, payload: BookIn) -> Status[Any]:
    """A member books one of their supporter's free times."""
    member = caller(request, Role.MEMBER)
    supporter = _supporter_of(member, payload.supporter_id)
    program = standing(member).program
    assert program is not None  # noqa: S101  # caller checked it
    if payload.starts_at.tzinfo is None:
        return _refused(ValidationError({"starts_at": "Give the time with its UTC offset."}))
    try:
        session = services.book_session(
            by=member,
            program=program,
            supporter=supporter,
            member=member,
            modality=payload.modality,
            starts_at=payload.starts_at,
            place=payload.place,
            appointment_where=payload.appointment_where,
            appointment_purpose=payload.appointment_purpose,
            transport=payload.transport,
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, _out(session))


@router.get("/{session_id}", response=SessionOut)
def session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """One session, for its two people and the program's supervisors and administrators."""
    return _out(selectors.access_session(caller(request), session_id))


@router.post("/{session_id}/cancel", response={200: SessionOut, 422: ApiError})
def cancel(request: HttpRequest, session_id: int, payload: CancelIn) -> Status[Any]:
    """Either person cancels a proposed or booked session, with a reason."""
    person = caller(request)
    found = selectors.access_own_session(person, session_id)
    try:
        services.cancel_session(session=found, by=person, reason=payload.reason)
    except ValidationError as error:
        return _refused(error)
    return Status(200, _out(found))
