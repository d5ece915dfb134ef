"""Group names, event payloads and the two ways events leave: on commit (durable) or now (ephemeral).

Every payload is a small dict with a `type`; `docs/realtime.md` describes each one. Services choose the
recipients by choosing the group: one group per conversation, holding every open connection to it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .models import Conversation, Message, Participant

Payload = dict[str, Any]
logger = logging.getLogger(__name__)


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


def layer_message(group: str, payload: Payload) -> dict[str, Any]:
    """What goes through the channel layer to ConversationConsumer.relay: the frame already encoded
    (once, not once per receiver) and the two fields the consumer needs to order it. A flat dict is
    also cheap for the in-memory layer to copy and for Redis to pack."""
    return {
        "type": "relay",
        "group": group,  # for a process's fan-out (conversations/fanout.py)
        "event": payload["type"],
        "seq": payload.get("seq"),
        "text": json.dumps(payload),
    }


_held: ContextVar[list[tuple[str, Payload]] | None] = ContextVar(
    "alongside_held_events", default=None
)


@contextmanager
def held() -> Iterator[list[tuple[str, Payload]]]:
    """Collect what `broadcast_now` would send, for an async caller to send with `asend_held` once the
    sync call returns. The consumer runs services in the one thread all database work shares; sending
    from there would keep that thread waiting on the channel layer (and on the event loop)."""
    events: list[tuple[str, Payload]] = []
    token = _held.set(events)
    try:
        yield events
    finally:
        _held.reset(token)


RETRY_DELAYS = (0.05, 0.25, 1.0)  # seconds between attempts to hand a committed event to the layer


async def asend_held(events: list[tuple[str, Payload]]) -> None:
    """Send what a commit released. The events are already durable, so a busy channel layer (Redis out
    of pool connections, a slow answer) is tried again rather than reported to the sender; if it still
    fails, readers catch up from the database on their next event or reconnect."""
    for group, payload in events:
        for delay in (*RETRY_DELAYS, None):
            try:
                await abroadcast_now(group, payload)
                break
            except Exception:  # the layer's errors differ by backend; all mean "not now"
                if delay is None:
                    logger.exception("Could not broadcast %s to %s", payload["type"], group)
                    break
                await asyncio.sleep(delay)


def broadcast_now(group: str, payload: Payload) -> None:
    """Send to a group at once, from sync code. For ephemeral events, and for `broadcast_on_commit`."""
    if (events := _held.get()) is not None:
        events.append((group, payload))
        return
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, layer_message(group, payload))


async def abroadcast_now(group: str, payload: Payload) -> None:
    """Send to a group at once, from async code (typing); it touches no table."""
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group, layer_message(group, payload))


def broadcast_on_commit(group: str, payload: Payload) -> None:
    """Send once the surrounding transaction commits, and never if it rolls back: nobody may see a
    message that is not stored."""
    transaction.on_commit(partial(broadcast_now, group, payload))
