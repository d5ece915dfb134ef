"""Conversations' group names and event payloads; they leave through `alongside.live.broadcast`
(on commit, durable, or now, ephemeral), whose names this module also offers.

Every payload is a small dict with a `type`; `docs/realtime.md` describes each one. Services choose the
recipients by choosing the group: one group per conversation, holding every open connection to it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from alongside.live.broadcast import Payload as Payload
from alongside.live.broadcast import abroadcast_now as abroadcast_now
from alongside.live.broadcast import asend_held as asend_held
from alongside.live.broadcast import broadcast_now as broadcast_now
from alongside.live.broadcast import held as held
from alongside.live.broadcast import layer_message as layer_message

from .models import Conversation, Message, Participant


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def message_event(message: Message, *, viewer_id: int | None = None) -> Payload:
    """A message as every participant's client sees it; deleted and hidden ones keep their place but lose
    words. One held by the boundary guard keeps its place too, without words for anyone but its sender
    (`viewer_id`; a broadcast has no viewer: the sender's client has the words already)."""
    sender = message.sender
    held = message.is_held
    if held and (viewer_id is None or viewer_id != message.sender_id):
        return {**_message_fields(message, sender), "body": "", "held": True}
    return {**_message_fields(message, sender), "held": held}


def _message_fields(message: Message, sender: Any) -> Payload:
    return {
        "type": "message",
        "conversation": message.conversation_id,
        "id": message.pk,  # what a report of it names
        "seq": message.seq,
        "change": message.change,
        "client_id": str(message.client_id),
        "kind": message.kind,
        "sender": {"id": message.sender_id, "name": str(sender) if sender else ""},
        "body": "" if message.is_deleted or message.is_hidden else message.body,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.is_deleted,
        "hidden": message.is_hidden,  # by a moderator: shown as such, without its words
    }


def update_event(message: Message) -> Payload:
    """An edit or a delete of a message the clients already have: the same shape, another type."""
    return {**message_event(message), "type": "update"}


def read_event(*, conversation_id: int, user_id: int, seq: int) -> Payload:
    return {"type": "read", "conversation": conversation_id, "user": user_id, "seq": seq}


def typing_event(*, conversation_id: int, user_id: int, name: str) -> Payload:
    return {"type": "typing", "conversation": conversation_id, "user": user_id, "name": name}


def state_event(conversation: Conversation) -> Payload:
    return {
        "type": "state",
        "conversation": conversation.pk,
        "status": "ended" if conversation.is_ended else "open",
    }


def read_cursors(participants: list[Participant]) -> list[Payload]:
    return [
        read_event(conversation_id=p.conversation_id, user_id=p.user_id, seq=p.last_read_seq)
        for p in participants
    ]


def broadcast_on_commit(group: str, payload: Payload) -> None:
    """`live.broadcast.broadcast_on_commit`, sent through this module's `broadcast_now`: every
    conversation event leaves through that one name, which the tests replace to hold them."""
    transaction.on_commit(partial(broadcast_now, group, payload))
