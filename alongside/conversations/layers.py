"""An in-process channel layer for one `alongside serve` process (no Redis).

Channels' `InMemoryChannelLayer` sweeps every channel and every group membership for expired messages on
each send to a group and on each receive: O(connections) work per delivered event, so a process with a
thousand open conversations spends its time sweeping (measured: `alongside bench realtime`, see
docs/benchmarks.md). This layer is the same, with the sweep run at most once a second, and a group
send that puts the message straight into each member's queue instead of starting a task per member.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer

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
