"""Live forum updates: a reader of a thread hears of each newly published reply (see realtime.py)."""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import User
from alongside.live.consumers import LiveConsumer

from . import realtime, selectors
from .models import Thread


class ThreadConsumer(LiveConsumer):
    """Relays `reply` events of one thread to a reader who may read it; receives nothing. Staff must
    have given their two-step code, as on the pages (the base checks it)."""

    group = ""

    def admit(self, user: User, session: Any) -> Thread:
        # A missing and a forbidden thread look alike (Http404).
        return selectors.access_thread(user, int(self.scope["url_route"]["kwargs"]["thread_id"]))

    async def admitted(self, user: User, thread: Thread) -> None:
        self.group = realtime.thread_group(thread.pk)
        # Join before accepting, so a client that sees the socket open hears every later reply.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        return None  # readers only listen; replies are posted over HTTP
