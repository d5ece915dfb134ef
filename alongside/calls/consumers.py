"""The signalling line of an in-app video call, /ws/calls/<session_id>/ (protocol in docs/calls.md).

The server only passes the browsers' WebRTC offers, answers and network candidates between the two
people of the session, and watches who is there to note when the call started and ended. Sound and
picture go from browser to browser (through a TURN relay when one is needed); nothing is recorded.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from channels.db import database_sync_to_async

from alongside.accounts.models import User
from alongside.live.consumers import LiveConsumer, Refused

from . import selectors, services
from .services import RoomState

logger = logging.getLogger(__name__)

# The base closes with CLOSE_SIGNED_OUT (4401) and CLOSE_NO_ACCESS (4403: not one of the session's two
# people, or no such video session). Ours:
CLOSE_NOT_OPEN = 4409  # not open now: too early, too late, or the session was cancelled
CLOSE_ELSEWHERE = 4000  # the same person joined from another window or device: this one steps aside
MAX_FRAME = 64 * 1024  # an offer with many candidates is a few kilobytes
# What each relayed frame may carry to the other browser; anything else in it is dropped.
RELAYED = {
    "signal": ("type", "gen", "sdp", "candidate"),
    "media": ("type", "camera", "audio_only"),
}


def call_group(session_id: int) -> str:
    return f"calls.session.{session_id}"


class VideoCallConsumer(LiveConsumer):
    """One person's connection to their session's call. Relays `signal` and `media` frames to the
    other person, and tells both who is there (`presence`) whenever it changes."""

    group = ""
    user: User
    session: Any = None

    def admit(self, user: User, http_session: Any) -> Any:
        # A missing and a forbidden session look alike (Http404).
        return selectors.access_video_session(
            user, int(self.scope["url_route"]["kwargs"]["session_id"])
        )

    def prepare(self, user: User, session: Any) -> None:
        if selectors.video_closed_because(session) is not None:
            raise Refused(CLOSE_NOT_OPEN)

    async def admitted(self, user: User, session: Any) -> None:
        self.session = session
        self.user = user
        self.group = call_group(session.pk)
        # Join the group before saying we are here, so this connection hears the answer too.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # One connection per person: an older one (a forgotten tab, the phone before the laptop) leaves,
        # so that only one browser answers the other's offer.
        await self.channel_layer.group_send(
            self.group, {"type": "call.joined", "user": user.pk, "channel": self.channel_name}
        )
        state = await database_sync_to_async(services.join_video)(
            session=self.session, user=user, channel_name=self.channel_name
        )
        await self._tell(state.event())

    async def _tell(self, payload: dict[str, Any], *, others_only: bool = False) -> None:
        await self.channel_layer.group_send(
            self.group,
            {
                "type": "call.relay",
                "from": self.channel_name if others_only else "",
                "text": json.dumps(payload),
            },
        )

    async def disconnect(self, code: int) -> None:
        if not self.group:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        state: RoomState = await database_sync_to_async(services.leave_video)(
            session=self.session, user=self.user, channel_name=self.channel_name
        )
        await self._tell(state.event())

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_json({"type": "error", "code": "bad_frame"})
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind in RELAYED:
            kept = {key: content[key] for key in RELAYED[kind] if key in content}
            await self._tell(kept, others_only=True)
        elif kind == "hang_up":
            state = await database_sync_to_async(services.hang_up)(
                session=self.session, user=self.user
            )
            await self._tell({**state.event(), "by": self.user.pk})
        elif kind == "ping":
            await database_sync_to_async(services.still_here)(self.channel_name)
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "code": "bad_frame"})

    async def call_joined(self, event: dict[str, Any]) -> None:
        if event["user"] == self.user.pk and event["channel"] != self.channel_name:
            await self.close(code=CLOSE_ELSEWHERE)

    async def call_relay(self, event: dict[str, Any]) -> None:
        if event["from"] != self.channel_name:
            await self.send(text_data=event["text"])
