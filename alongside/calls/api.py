"""API routes for calls: a supporter's phone calls (start, end, set the end, list). The same services and
checks as the pages; anyone but a supporter gets 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.selectors import access_person
from alongside.common.api import ApiError, Schema, caller, field_errors

from . import selectors, services
from .models import Call

router = Router(tags=["calls"])


class CallIn(Schema):
    direction: Literal["outgoing", "incoming"] = Field(
        description="outgoing: the supporter called; incoming: the person called the supporter."
    )
    member: int | None = Field(
        default=None, description="The member's id; empty for a warm-line caller."
    )


class CallEndIn(Schema):
    ended_at: datetime | None = Field(
        default=None, description="When the call ended; empty: now (the second tap)."
    )


class CallOut(Schema):
    id: int
    member: int | None
    direction: str
    started_at: datetime
    ended_at: datetime | None
    end_set_by_hand: bool
    encounter: int | None


def _out(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "member": call.member_id,
        "direction": call.direction,
        "started_at": call.started_at,
        "ended_at": call.ended_at,
        "end_set_by_hand": call.end_set_by_hand,
        "encounter": call.encounter_id,
    }


def _error(error: ValidationError) -> Status[Any]:
    errors = field_errors(error)
    first = errors[0]
    return Status(422, {"detail": first["message"], "field": first["field"], "errors": errors})


@router.get("/phone", response=list[CallOut])
def phone_calls(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's latest phone calls, newest first (an open one has no `ended_at`)."""
    return [_out(call) for call in selectors.recent_calls(caller(request, Role.SUPPORTER))]


@router.post("/phone", response={201: CallOut, 422: ApiError})
def start_call(request: HttpRequest, payload: CallIn) -> Status[Any]:
    """The first tap: a call started now."""
    user = caller(request, Role.SUPPORTER)
    try:
        member = (
            access_person(user, payload.member, purpose="Logged a phone call")
            if payload.member
            else None
        )
    except Http404:
        return _error(ValidationError({"member": "We could not find that person."}))
    try:
        call = services.start_call(supporter=user, member=member, direction=payload.direction)
    except ValidationError as error:
        return _error(error)
    return Status(201, _out(call))


@router.post("/phone/{call_id}/end", response={200: CallOut, 422: ApiError})
def end_call(request: HttpRequest, call_id: int, payload: CallEndIn) -> Status[Any]:
    """The second tap (no `ended_at`), or the end set by hand (`ended_at`); the encounter follows."""
    user = caller(request, Role.SUPPORTER)
    call = selectors.access_call(user, call_id)
    try:
        if payload.ended_at is None:
            call = services.end_call(call=call, by=user)
        else:
            call = services.set_call_end(call=call, by=user, ended_at=payload.ended_at)
    except ValidationError as error:
        return _error(error)
    return Status(200, _out(call))
