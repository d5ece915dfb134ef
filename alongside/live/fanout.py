"""One process's share of the channel layer: each group's events (a conversation's, say) arrive once per
process and are handed to every connection to it in this process.

Channels' own way gives every connection its channel in the layer: each event is copied into each
connection's queue, and each connection waits on its socket and its queue at once (`asyncio.wait` and a
new task per event). With a room of ten that is ten copies and ten task swaps per message, about a sixth
of the server's time (py-spy, `alongside bench realtime`). Here a process subscribes one channel of its
own to a conversation's group while any connection to it is open, and passes each event to the
connections' own queues; each connection delivers from its queue in order, as before (a slow socket holds
up only itself).
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any, Protocol

from channels.layers import BaseChannelLayer


class Listener(Protocol):
    def hear(self, event: dict[str, Any]) -> None: ...


class Fanout:
    """The subscriptions of one event loop (one per process in production; one per test's loop)."""

    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        self.listeners: dict[str, set[Listener]] = {}
        self.changing = asyncio.Lock()  # joins and leaves that change a subscription, one at a time
        self.channel: str | None = None
        self.reader: asyncio.Task[None] | None = None

    async def join(self, group: str, listener: Listener) -> None:
        """From the moment this returns, `listener` hears every event sent to `group`."""
        async with self.changing:
            if self.channel is None:
                self.channel = await self.layer.new_channel()
                self.reader = asyncio.create_task(self._read(self.channel))
            listeners = self.listeners.setdefault(group, set())
            if not listeners:
                await self.layer.group_add(group, self.channel)
            listeners.add(listener)

    async def leave(self, group: str, listener: Listener) -> None:
        async with self.changing:
            listeners = self.listeners.get(group)
            if listeners is None or listener not in listeners:
                return
            listeners.discard(listener)
            if not listeners:
                del self.listeners[group]
                if self.channel is not None:
                    await self.layer.group_discard(group, self.channel)

    async def _read(self, channel: str) -> None:
        while True:
            event = await self.layer.receive(channel)
            group = event.get("group")
            for listener in tuple(self.listeners.get(group, ())) if group else ():
                listener.hear(event)


_fanouts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Fanout] = weakref.WeakKeyDictionary()


def fanout(layer: BaseChannelLayer) -> Fanout:
    """This event loop's fan-out (made on first use)."""
    loop = asyncio.get_running_loop()
    found = _fanouts.get(loop)
    if found is None or found.layer is not layer:  # a test swapped the layer
        if found is not None and found.reader is not None:
            found.reader.cancel()
        found = _fanouts[loop] = Fanout(layer)
    return found
