"""POST /api/safety/reports: report a message, post or person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.models import User
from alongside.common.api import ApiError, Schema, field_errors, please_check

from . import services

router = Router(tags=["safety"])


class ReportIn(Schema):
    target_kind: str = Field(description="message, person, or a kind a later app registers")
    target_id: int
    reason: str = Field(
        description="harassment, unsafe_advice, spam, contact_details, boundary or other"
    )
    note: str = Field("", max_length=2000)


class ReportOut(Schema):
    id: int
    status: str


@router.post("", response={201: ReportOut, 422: ApiError})
def create_report(request: HttpRequest, payload: ReportIn) -> Status[Any]:
    """Tell the moderators about something. The reporter never learns who moderates."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # BearerToken sets it before any route runs
    try:
        found = services.report(
            reporter=user,
            target_kind=payload.target_kind,
            target_id=payload.target_id,
            reason=payload.reason,
            note=payload.note,
        )
    except ValidationError as error:
        errors = field_errors(error)
        return Status(422, {"detail": please_check(errors), "errors": errors})
    return Status(201, {"id": found.pk, "status": found.status})
