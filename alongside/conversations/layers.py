"""The channel layers `settings.CHANNEL_LAYERS` chooses: one for a single process, one over Redis.

`InProcessChannelLayer` (no Redis). Channels' `InMemoryChannelLayer` sweeps every channel and every group
membership for expired messages on each send to a group and on each receive: O(connections) work per
delivered event, so a process with a thousand open conversations spends its time sweeping (measured:
`alongside bench realtime`, see docs/benchmarks.md). This layer is the same, with the sweep run at most
once a second, and a group send that puts the message straight into each member's queue instead of
starting a task per member.

`RedisPubSubLayer` (ALONGSIDE_REDIS_URL set): channels_redis' pub/sub layer, whose group sends each take
a lock and wait for Redis's answer before the next may start. Under load every send waited for the
event loop to come round twice per send before it, and the queue of them held a message back by up to
145 ms between its commit and its publication. Here the group sends of one event loop go into one queue,
published in order, all that are waiting in one pipeline: one round trip for many.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from collections import deque
from typing import Any

import redis.asyncio
from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

SWEEP_EVERY = 1.0  # seconds


class InProcessChannelLayer(InMemoryChannelLayer):  # type: ignore[misc]  # channels is untyped
    """InMemoryChannelLayer whose expiry sweep runs at most once per `SWEEP_EVERY` seconds."""

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "Message is not a dict"  # noqa: S101  # as the parent does
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            # As the parent does, a full queue (a reader that stopped reading) is skipped.
            with contextlib.suppress(ChannelFull):
                await self.send(channel, message)  # put_nowait underneath: nothing to wait for

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._swept_at = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at >= SWEEP_EVERY:
            self._swept_at = now
            super()._clean_expired()


class RedisPubSubLayer(RedisPubSubChannelLayer):  # type: ignore[misc]  # channels_redis is untyped
    """channels_redis' pub/sub layer (subscriptions, receiving: unchanged) with pipelined group sends.

    It expects one Redis host, as the settings give it, and names a group's Redis channel as
    channels_redis does (`<prefix>__group__<group>`); a test sends through this layer and receives
    through channels_redis' own subscription, so a change on their side fails it."""

    def __init__(self, *args: Any, hosts: list[str], prefix: str = "asgi", **kwargs: Any) -> None:
        if len(hosts) != 1 or not isinstance(hosts[0], str):
            raise ValueError("RedisPubSubLayer takes exactly one Redis URL in hosts.")
        super().__init__(*args, hosts=hosts, prefix=prefix, **kwargs)
        self.url, self.prefix = hosts[0], prefix
        self._publishers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Publisher] = (
            weakref.WeakKeyDictionary()
        )

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        """Returns once Redis has taken the message (an error if it could not: the caller retries)."""
        loop = asyncio.get_running_loop()
        publisher = self._publishers.get(loop)
        if publisher is None:
            publisher = self._publishers[loop] = _Publisher(redis.asyncio.Redis.from_url(self.url))
        await publisher.publish(f"{self.prefix}__group__{group}", self.serialize(message))


class _Publisher:
    """One event loop's outgoing messages, published in the order given, in as few round trips as the
    answers allow: while one pipeline is out, the next fills."""

    def __init__(self, client: redis.asyncio.Redis) -> None:
        self.client = client
        self.waiting: deque[tuple[str, bytes, asyncio.Future[None]]] = deque()
        self.wake = asyncio.Event()
        self.task = asyncio.create_task(self._run())

    async def publish(self, channel: str, data: bytes) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((channel, data, done))
        self.wake.set()
        await done

    async def _run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            batch = list(self.waiting)
            self.waiting.clear()
            try:
                async with self.client.pipeline(transaction=False) as pipeline:
                    for channel, data, _ in batch:
                        pipeline.publish(channel, data)
                    await pipeline.execute()
            except Exception as error:  # Redis away: every caller hears it, and tries again
                for *_, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for *_, done in batch:
                    if not done.done():
                        done.set_result(None)
