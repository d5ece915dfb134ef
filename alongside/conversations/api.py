"""API routes for conversations: list them, read messages after a seq, send with a client_id. The same
services, selectors and access checks as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller

from . import realtime, selectors, services
from .models import MAX_BODY

router = Router(tags=["conversations"])


class PersonOut(Schema):
    id: int | None
    name: str


class ConversationOut(Schema):
    id: int
    kind: str
    title: str
    people: list[PersonOut] = Field(description="Everyone else in the conversation.")
    status: str = Field(description="open or ended")
    unread: int
    last_seq: int
    last_message_at: datetime | None


class MessageOut(Schema):
    seq: int
    change: int
    client_id: UUID
    kind: str = Field(description="text, closing (a supporter's closing note) or left")
    sender: PersonOut
    body: str
    created_at: datetime
    edited: bool
    deleted: bool
    hidden: bool = Field(False, description="Hidden by a moderator; the body is then empty.")
    held: bool = Field(
        False,
        description="Held by the boundary guard for a supervisor; empty body for all but its sender.",
    )


class MessagesOut(Schema):
    messages: list[MessageOut]
    last_seq: int = Field(description="The conversation's newest seq right now.")
    more: bool = Field(description="True when more messages follow; ask again after the last seq.")


class SendIn(Schema):
    client_id: UUID = Field(description="Made by the client; sending it again never duplicates.")
    body: str = Field(min_length=1, max_length=MAX_BODY)
    confirm_boundary: bool = Field(
        False,
        description="Send anyway after a boundary warning (contact details, meeting elsewhere, money).",
    )


class FindingOut(Schema):
    kind: str = Field(description="phone, email, address, handle, meeting or money")
    reason: str


class BoundaryOut(Schema):
    detail: str
    field: str = Field(description="The field the warning is about: body.")
    code: str = Field(description="boundary")
    findings: list[FindingOut]


@router.get("", response=list[ConversationOut])
def list_conversations(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's conversations, newest activity first, with unread counts."""
    user = caller(request, Role.MEMBER, Role.SUPPORTER)
    return [
        {
            "id": seat.conversation_id,
            "kind": seat.conversation.kind,
            "title": seat.conversation.title,
            "people": [
                {"id": p.user_id, "name": str(p.user)}
                for p in seat.conversation.participants.all()
                if p.user_id != user.pk
            ],
            "status": "ended" if seat.conversation.is_ended else "open",
            "unread": seat.unread_count,
            "last_seq": seat.conversation.last_seq,
            "last_message_at": seat.conversation.last_message_at,
        }
        for seat in selectors.conversations_of(user, standing(user).program)[:200]
    ]


@router.get("/{conversation_id}/messages", response=MessagesOut)
def list_messages(
    request: HttpRequest, conversation_id: int, after_seq: int = 0, limit: int = 100
) -> dict[str, Any]:
    """Messages after `after_seq`, oldest first: what a client missed, or the whole history in pages."""
    user = caller(request)
    conversation = selectors.access_conversation(user, conversation_id)
    limit = max(1, min(limit, selectors.REPLAY_BATCH))
    since = selectors.visible_since(conversation, selectors.seat_of(conversation, user))
    found = selectors.messages_after(conversation.pk, max(0, after_seq), limit=limit, since=since)
    return {
        "messages": [realtime.message_event(m, viewer_id=request.user.pk) for m in found],
        "last_seq": conversation.last_seq,
        "more": bool(found) and found[-1].seq < conversation.last_seq,
    }


@router.post(
    "/{conversation_id}/messages",
    response={200: MessageOut, 409: ApiError, 422: BoundaryOut | ApiError},
)
def send_message(request: HttpRequest, conversation_id: int, payload: SendIn) -> Status[Any]:
    """Send a message. Sending the same client_id again returns the first message, never a second."""
    user = caller(request)
    conversation = selectors.access_conversation(
        user, conversation_id, purpose="Wrote in a conversation"
    )
    try:
        message = services.send_message(
            conversation=conversation,
            sender=user,
            client_id=payload.client_id,
            body=payload.body,
            confirm_boundary=payload.confirm_boundary,
        )
    except services.BoundaryWarning as warning:
        return Status(
            422,
            {
                "detail": " ".join(warning.messages),
                "field": "body",
                "code": "boundary",
                "findings": [finding.as_dict() for finding in warning.findings],
            },
        )
    except ValidationError as error:
        status = 409 if error.code in ("ended", "left") else 422
        return Status(status, {"detail": " ".join(error.messages)})
    return Status(200, realtime.message_event(message, viewer_id=user.pk))
