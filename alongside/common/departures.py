"""A browser that leaves while the server is talking to it: an ordinary event, logged as one line.

When a tab closes, a phone sleeps or the network drops, a frame already on its way makes uvicorn's `send`
raise `ClientDisconnected`. Left to rise, it ends the consumer with a full traceback in the log, as if
something had gone wrong. Here it is logged as what it is, the frame is dropped (nobody is there to read
it), and the consumer hears `websocket.disconnect` next and ends as usual.
"""

from __future__ import annotations

import logging
from typing import Any

from uvicorn.protocols.utils import ClientDisconnected

logger = logging.getLogger(__name__)


class QuietDepartures:
    """ASGI middleware for WebSocket connections: a send to a browser that has gone is dropped and logged
    once, in one line."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        gone = False

        async def send_while_there(message: dict[str, Any]) -> None:
            nonlocal gone
            if gone:
                return
            try:
                await send(message)
            except ClientDisconnected:
                gone = True
                logger.info(
                    "WebSocket %s: the browser left; the frames on their way were dropped.",
                    scope.get("path", ""),
                )

        return await self.inner(scope, receive, send_while_there)
