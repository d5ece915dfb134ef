"""API routes for groups: finding groups and asking for a place. The same selectors and services as
the pages; errors are JSON naming the field."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from alongside.accounts.choices import Language, Role, Topic
from alongside.common.api import ApiError, Schema, caller, field_errors

from . import selectors, services
from .models import MemberStatus, Modality, SupportGroup

router = Router(tags=["groups"])


class GroupFilters(Schema):
    topic: Topic | None = Field(None, description="A topic code, e.g. grief.")
    language: Language | None = Field(None, description="A language code, e.g. es.")
    modality: Modality | None = Field(None, description="online, phone or in_person.")


class GroupOut(Schema):
    id: int
    name: str
    topic: str
    language: str
    modality: str
    description: str
    time_zone: str
    starts_at_time: time
    frequency: str
    capacity: int
    members: int
    waiting: int
    is_closed: bool
    is_self_run: bool
    next_meeting_at: datetime | None


class JoinOut(Schema):
    group_id: int
    status: str = Field(description="joined, waitlisted or awaiting_approval")
    waitlist_position: int | None = None


API_STATUS: dict[str, str] = {
    MemberStatus.MEMBER: "joined",
    MemberStatus.WAITLISTED: "waitlisted",
    MemberStatus.AWAITING: "awaiting_approval",
}


def _group_out(group: SupportGroup, next_at: datetime | None) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "topic": group.topic,
        "language": group.language,
        "modality": group.modality,
        "description": group.description,
        "time_zone": group.time_zone,
        "starts_at_time": group.starts_at_time,
        "frequency": group.frequency,
        "capacity": group.capacity,
        "members": group.member_count,  # type: ignore[attr-defined]  # annotated by the selector
        "waiting": group.waitlist_count,  # type: ignore[attr-defined]
        "is_closed": group.is_closed,
        "is_self_run": group.is_self_run,
        "next_meeting_at": next_at,
    }


@router.get("", response=list[GroupOut])
def list_groups(request: HttpRequest, filters: Query[GroupFilters]) -> list[dict[str, Any]]:
    """The caller's program's groups, filtered by topic, language and how they meet."""
    viewer = caller(request)
    groups = list(
        selectors.find_groups(
            viewer,
            topic=filters.topic or "",
            language=filters.language or "",
            modality=filters.modality or "",
        )
    )
    next_at = selectors.next_meeting_times(groups)
    return [_group_out(group, next_at.get(group.pk)) for group in groups]


@router.post("/{group_id}/join", response={200: JoinOut, 422: ApiError})
def join(request: HttpRequest, group_id: int) -> Status[Any]:
    """Ask for a place: joined at once, on the waiting list when full, or awaiting a facilitator's
    approval for a closed group."""
    viewer = caller(request, Role.MEMBER)
    group = selectors.access_group(viewer, group_id)
    try:
        place = services.join_group(group=group, member=viewer)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        errors = field_errors(error, "group")
        return Status(422, {"detail": " ".join(error.messages), "errors": errors})
    position = (
        selectors.waitlist_position(place) if place.status == MemberStatus.WAITLISTED else None
    )
    return Status(
        200,
        {"group_id": group.pk, "status": API_STATUS[place.status], "waitlist_position": position},
    )
