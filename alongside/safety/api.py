"""API routes for escalations, for supervisors' and administrators' tools: the same selectors and
services as the dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.models import User
from alongside.common.api import ApiError, Schema, caller, field_errors

from . import selectors, services
from .models import Escalation, ResolutionAction

router = Router(tags=["safety"])


class EscalationOut(Schema):
    id: int
    person_id: int
    level: str
    state: str
    source_kind: str
    source_id: int
    opened_at: datetime
    respond_by: datetime
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    resolved_at: datetime | None
    assigned_supporter_id: int | None


class ResolveIn(Schema):
    actions: list[str] = Field(
        min_length=1, description=f"What was done: {', '.join(ResolutionAction.values)}"
    )
    note: str = Field(default="", max_length=services.MAX_NOTE)


def _managed(request: HttpRequest, escalation_id: int, purpose: str) -> tuple[User, Escalation]:
    user = caller(request, *selectors.MANAGER_ROLES)
    escalation = selectors.access_escalation(user, escalation_id, purpose=purpose)
    if not selectors.may_manage(user, escalation):
        raise Http404
    return user, escalation


@router.get("", response=list[EscalationOut])
def list_escalations(request: HttpRequest) -> list[Escalation]:
    """Open escalations of the caller's program, most urgent first, as the dashboard lists them."""
    return list(selectors.open_escalations(caller(request, *selectors.MANAGER_ROLES)))


@router.post("/{escalation_id}/acknowledge", response=EscalationOut)
def acknowledge(request: HttpRequest, escalation_id: int) -> Escalation:
    user, escalation = _managed(request, escalation_id, "Acknowledged")
    return services.acknowledge_escalation(escalation=escalation, by=user)


@router.post("/{escalation_id}/resolve", response={200: EscalationOut, 422: ApiError})
def resolve(request: HttpRequest, escalation_id: int, payload: ResolveIn) -> Status[Any]:
    user, escalation = _managed(request, escalation_id, "Resolved")
    try:
        resolved = services.resolve_escalation(
            escalation=escalation, by=user, actions=payload.actions, note=payload.note
        )
    except ValidationError as error:
        errors = field_errors(error, "body")
        return Status(422, {"detail": " ".join(error.messages), "errors": errors})
    except PermissionDenied:
        raise Http404 from None
    return Status(200, resolved)
