"""Live forum updates: a reader of a thread hears of each newly published reply (see realtime.py)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from . import realtime, selectors

CLOSE_SIGNED_OUT = 4401
CLOSE_NO_ACCESS = 4403


class ThreadConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
    """Relays `reply` events of one thread to a reader who may read it; receives nothing."""

    group = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_SIGNED_OUT)
            return
        try:
            await database_sync_to_async(selectors.access_thread)(user, thread_id)
        except Http404:
            await self._refuse(CLOSE_NO_ACCESS)  # a missing and a forbidden thread look alike
            return
        self.group = realtime.thread_group(thread_id)
        # Join before accepting, so a client that sees the socket open hears every later reply.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def _refuse(self, code: int) -> None:
        await self.accept()  # then close with a code the client reads: it stops reconnecting
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        return None  # readers only listen; replies are posted over HTTP

    async def relay(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])
