"""The two ways an event leaves for the channel layer: on commit (durable) or now (ephemeral).

Every payload is a small dict with a `type`; the app that sends it names the group (one group per
conversation, per forum thread, per program's escalations...) and describes its payloads
(`docs/realtime.md` for conversations). A consumer's `relay` handler receives each one already encoded.
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

Payload = dict[str, Any]
logger = logging.getLogger(__name__)


def layer_message(group: str, payload: Payload) -> dict[str, Any]:
    """What goes through the channel layer to a consumer's `relay`: the frame already encoded (once, not
    once per receiver) and the two fields a consumer needs to order it. A flat dict is also cheap for
    the in-memory layer to copy and for Redis to pack."""
    return {
        "type": "relay",
        "group": group,  # for a process's fan-out (live/fanout.py)
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
    sync call returns. A consumer runs services in the thread its database work shares; sending from
    there would keep that thread waiting on the channel layer (and on the event loop)."""
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
