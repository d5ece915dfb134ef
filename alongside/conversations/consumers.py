"""The WebSocket side of conversations: a thin adapter from frames to services (protocol in
docs/realtime.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import parse_qs
from uuid import UUID

from channels.consumer import get_handler_name
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import Http404
from pydantic import BaseModel, Field
from pydantic import ValidationError as FrameError

from alongside.accounts.models import User
from alongside.common.api import nul_at
from alongside.common.websockets import NOT_LOOKED_UP
from alongside.live.consumers import (
    CLOSE_NO_ACCESS,
    CLOSE_SIGNED_OUT,
    LiveConsumer,
    two_step_done,
)
from alongside.live.fanout import fanout
from alongside.safety import Level

from . import connecting, presence, realtime, selectors, services
from .livedb import close_live_connections, live_again, live_db
from .models import MAX_BODY, Conversation, Message

logger = logging.getLogger(__name__)
R = TypeVar("R")

CLOSE_FELL_BEHIND = (
    1013  # "try again later": the client reconnects and catches up from the database
)
TYPING_EVERY = 2.0  # seconds: at most one typing event per connection this often
INBOX_LIMIT = 500  # events waiting for one socket; beyond that it is closed (`hear`)


class SendFrame(BaseModel):
    client_id: UUID
    body: str = Field(max_length=MAX_BODY * 2)  # the service checks the real limit, after trimming
    confirm_boundary: bool = False  # "send anyway" after a boundary warning


class ResumeFrame(BaseModel):
    after_seq: int = Field(ge=0)
    after_change: int | None = Field(default=None, ge=0)


class ReadFrame(BaseModel):
    seq: int = Field(ge=1)


def _stored(store: asyncio.Future[None]) -> None:
    ConversationConsumer.storing.discard(store)
    if not store.cancelled():
        store.exception()  # the connection's task reports it; if the connection went, nobody can


def _each(calls: list[Callable[[], None]]) -> None:
    for call in calls:
        call()


class Revoked(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _query_int(scope: dict[str, Any], name: str) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode()).get(name)
    return int(values[0]) if values and values[0].isascii() and values[0].isdigit() else None


class ConversationConsumer(LiveConsumer):
    """Live delivery for one conversation. Each connection gets `message` events in seq order without
    gaps from where it starts: after `?after_seq=k` (replayed at once), else after the newest message
    at connect time. Access is checked on connect and again on every frame."""

    user: User
    conversation: Conversation
    cursor = 0  # the newest seq this connection has delivered
    typed_at = 0.0
    marked_at: float = -presence.PRESENCE_TTL
    sending: asyncio.Task[None] | None = None
    resend_first: UUID | None = None  # answered `try_again`: no later send is stored before it
    delivering: asyncio.Task[None] | None = None
    listening = False  # in the group (`fanout`), from before the checks until disconnect
    joined = False  # admitted: counted in `connected` and present, until disconnect
    fell_behind: asyncio.Task[None] | None = None
    connected = 0  # consumers open in this process, across the class
    first: tuple[int, tuple[list[realtime.Payload], list[realtime.Payload]] | None]  # `prepare`'s
    storing: set[asyncio.Future[None]] = set()  # sends that outlive their connection run to the end

    async def connect(self) -> None:
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        self.group = realtime.conversation_group(self.conversation_id)
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        self.after_seq = _query_int(self.scope, "after_seq")
        self.after_change = _query_int(self.scope, "after_change")
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        try:
            # Join the group before the checks: the newest seq they read is then a safe start (anything
            # committed later arrives live), and the checks and the first reads take one trip to the
            # database. Nothing heard is delivered unless the connection is admitted.
            self.listening = True
            await fanout(self.channel_layer).join(self.group, self)
            await super().connect()
        except BaseException:
            # No disconnect follows a failed connect: leave as disconnect would, connections included.
            await self.disconnect(1011)
            raise

    def in_database(self, call: Callable[..., R]) -> Callable[..., Awaitable[R]]:
        live_again()
        return live_db(call)

    def admit(self, user: User, session: Any) -> Conversation:
        return connecting.access_live(user, self.conversation_id)  # access_conversation's answer

    def prepare(
        self,
        user: User,
        conversation: Conversation,
        missed: list[realtime.Payload] | None = None,
    ) -> None:
        self.user = user
        self.since = selectors.visible_since(conversation, selectors.seat_of(conversation, user))
        self.first = self._first_reads(conversation, missed=missed)

    def _admit(self, user: Any, session: Any) -> tuple[User, Conversation]:
        """`LiveConsumer._admit`'s checks in the same order (the session's person, their program, the
        access check and its audit, the two-step code) and the first reads, in the plain statements of
        `connecting.open_live`: building them through the ORM was most of a connect's CPU."""
        if user is not NOT_LOOKED_UP:  # a scope that names its person already (tests)
            return super()._admit(user, session)
        opened = connecting.open_live(
            session,
            self.conversation_id,
            after_seq=self.after_seq,
            after_change=self.after_change,
        )
        if not two_step_done(opened.user, session):
            raise Http404
        self.prepare(opened.user, opened.conversation, opened.missed)
        return opened.user, opened.conversation

    async def refuse(self, code: int) -> None:
        await self._stop_listening()
        await super().refuse(code)

    async def admitted(self, user: User, conversation: Conversation) -> None:
        self.conversation = conversation
        self.user = user
        ConversationConsumer.connected += 1
        self.joined = True
        presence.opened(self.conversation_id, user.pk)
        if self._mark_due():  # from the loop: in a database thread it held one for a Redis answer
            await presence.amark_here(self.conversation_id, user.pk)
        self.sends: asyncio.Queue[SendFrame] = asyncio.Queue()
        self.turn = asyncio.Lock()  # live delivery and catching up take turns on the socket
        after_seq, after_change = self.after_seq, self.after_change
        latest, first = self.first
        self.cursor = latest if after_seq is None else min(after_seq, latest)
        await self.accept()
        if after_seq is not None:
            async with self.turn:
                await self._replay(after_seq, after_change=after_change, first=first)
        self.delivering = asyncio.create_task(self._deliver())

    def _first_reads(
        self, conversation: Conversation, missed: list[realtime.Payload] | None = None
    ) -> tuple[int, tuple[list[realtime.Payload], list[realtime.Payload]] | None]:
        """The newest seq (read by the checks, after joining the group); when resuming, also the first
        batch to replay (`missed`, if the checks read it already), and the others' read cursors and
        the state that follow it."""
        latest = conversation.last_seq
        if self.after_seq is None:
            return latest, None
        events = missed
        if events is None:
            events = selectors.missed_events(
                self.conversation_id,
                self.after_seq,
                after_change=self.after_change,
                since=self.since,
            )
        return latest, (events, connecting.cursors_and_state(conversation, self.user.pk))

    def _still_here(self) -> None:
        """Refresh the shared presence mark now and then, inside a database call the frame makes anyway
        (a Redis write of its own would cost one more thread hop)."""
        if self._mark_due():
            presence.mark_here(self.conversation_id, self.user.pk)

    def _mark_due(self) -> bool:
        now = time.monotonic()
        if now - self.marked_at < presence.REFRESH_EVERY:
            return False
        self.marked_at = now
        return True

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, through a thread hop for each
        # relayed event that under load queues behind real work. Our handlers reach the database only
        # through live_db, which looks after its own connections, so that hop is skipped.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        for task in (self.sending, self.delivering):
            if task is not None:
                task.cancel()
        await self._stop_listening()
        if self.joined:
            self.joined = False  # once only, however often disconnect runs
            ConversationConsumer.connected -= 1
            await presence.aclosed(self.conversation_id, self.user.pk)
        if ConversationConsumer.connected == 0:  # nobody live here: let the database connection go
            await close_live_connections()

    async def _stop_listening(self) -> None:
        if self.listening:
            self.listening = False  # once only
            await fanout(self.channel_layer).leave(self.group, self)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        try:
            content = json.loads(text_data or "")
            field = nul_at(content)
        except (ValueError, RecursionError):  # RecursionError: nested thousands deep, on purpose
            content = field = None
        if not isinstance(content, dict):
            await self._error("bad_frame", "Frames are JSON objects.")
        elif field is not None:
            # PostgreSQL cannot store it: refused here, once, rather than `try_again` for ever.
            client_id = content.get("client_id")
            if not isinstance(client_id, str) or field == "client_id":
                client_id = None
            await self._error(
                "bad_frame",
                f"{field} must not contain the NUL character (\\u0000).",
                client_id=client_id,
                field=field,
            )
        elif hasattr(self, "user"):  # frames racing a refusal are dropped
            await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        handlers = {
            "send": self._on_send,
            "resume": self._on_resume,
            "read": self._on_read,
            "typing": self._on_typing,
            "ping": self._on_ping,
        }
        handler = handlers.get(content.get("type", ""))
        if handler is None:
            await self._error("bad_frame", "Unknown frame type.")
            return
        try:
            await handler(content)
        except FrameError:
            await self._error(
                "bad_frame",
                "This frame is missing a field or has a wrong value.",
                client_id=content.get("client_id"),
            )
        except Revoked as revoked:
            await self.close(code=revoked.code)

    def _check(self) -> None:
        """Access again, for every frame: still signed in, still in the conversation. (A send asks the
        same inside `services.send_message`.)"""
        problem = selectors.live_access_problem(
            user_id=self.user.pk, conversation_id=self.conversation_id, session_key=self.session_key
        )
        if problem is not None:
            raise Revoked(CLOSE_SIGNED_OUT if problem == "signed_out" else CLOSE_NO_ACCESS)
        self._still_here()

    # --- frames ----------------------------------------------------------------------------------

    async def _on_send(self, content: dict[str, Any]) -> None:
        self.sends.put_nowait(SendFrame.model_validate(content))  # a bad frame is answered at once
        if self.sending is None:
            self.sending = asyncio.create_task(self._send_in_turn())

    async def _send_in_turn(self) -> None:
        """This connection's sends, one after another, beside delivery: while the database stores
        one's own message, messages for this connection keep arriving."""
        while True:
            frame = await self.sends.get()
            if self.resend_first not in (None, frame.client_id):
                # An earlier message of this connection was not saved: storing this one now would put
                # it first. Refused the same way, so the client sends both again, in its own order.
                await self._error(
                    "try_again",
                    "An earlier message was not saved yet; sending it again first keeps the order.",
                    client_id=frame.client_id,
                )
                continue
            self.resend_first = None
            try:
                # Once begun, a send runs to its end even if the socket goes meanwhile (disconnect
                # cancels this task): a message stored is then broadcast and its emails queued.
                store = asyncio.ensure_future(self._store(frame))
                ConversationConsumer.storing.add(store)
                store.add_done_callback(_stored)
                await asyncio.shield(store)
            except Revoked as revoked:
                await self.close(code=revoked.code)
                return
            except Exception:
                logger.exception("Sending a message failed")
                self.resend_first = frame.client_id
                await self._error(
                    "try_again",
                    "Could not save this message; please try again.",
                    client_id=frame.client_id,
                )

    async def _store(self, frame: SendFrame) -> None:
        client_id = str(frame.client_id)
        after: list[Callable[[], None]] = []
        try:
            sent = None if frame.confirm_boundary else await self._send_on_the_loop(frame)
            if sent is None:
                message, events = await live_db(self._send)(frame)
            else:
                message, events, after = sent
        except services.BoundaryWarning as warning:
            # Nothing stored: the client shows why, with "Edit" and "Send anyway" (confirm_boundary).
            await self.send_json(
                {
                    "type": "boundary",
                    "client_id": client_id,
                    "findings": [finding.as_dict() for finding in warning.findings],
                }
            )
            return
        except ValidationError as error:
            await self._error(
                error.code or "invalid", " ".join(error.messages), client_id=client_id
            )
            return
        except services.SignedOut:
            raise Revoked(CLOSE_SIGNED_OUT) from None
        except PermissionDenied:
            raise Revoked(CLOSE_NO_ACCESS) from None
        except DatabaseError:
            self.resend_first = frame.client_id  # later sends wait for this one (`_send_in_turn`)
            await self._error(
                "try_again", "Could not save this message; please try again.", client_id=client_id
            )
            return
        # Only now, with the message committed, may the client call it sent; then everyone hears it.
        ack: dict[str, Any] = {"type": "ack", "client_id": client_id, "seq": message.seq}
        if Level(message.risk_level).opens_escalation:
            ack["crisis"] = True  # the client shows the crisis options to its person
        if message.is_held:
            ack["held"] = True  # stored, and waiting for a supervisor before the others see it
        try:
            await self.send_json(ack)
        finally:  # the others hear it, and people away get their emails, whether or not this socket is
            await realtime.asend_held(events)  # still there to take the ack
            if after:
                await live_db(_each)(after)

    async def _send_on_the_loop(self, frame: SendFrame) -> services.Sent | None:
        """The plain case, where the database allows it without a thread (`services.asend_message`);
        None for `_send` to do it."""
        if self._mark_due():
            await presence.amark_here(self.conversation_id, self.user.pk)
        return await services.asend_message(
            conversation=self.conversation,
            sender=self.user,
            client_id=frame.client_id,
            body=frame.body,
            session_key=self.session_key,
        )

    def _send(self, frame: SendFrame) -> tuple[Message, list[tuple[str, realtime.Payload]]]:
        with realtime.held() as events:
            self._still_here()
            # send_message checks the session and the seat itself, in its first round trip.
            message = services.send_message(
                conversation=self.conversation,
                sender=self.user,
                client_id=frame.client_id,
                body=frame.body,
                confirm_boundary=frame.confirm_boundary,
                session_key=self.session_key,
            )
        return message, events

    async def _on_resume(self, content: dict[str, Any]) -> None:
        frame = ResumeFrame.model_validate(content)
        await live_db(self._check)()
        await self._catch_up(frame.after_seq, after_change=frame.after_change)

    async def _on_read(self, content: dict[str, Any]) -> None:
        frame = ReadFrame.model_validate(content)
        await realtime.asend_held(await live_db(self._read)(frame.seq))

    def _read(self, seq: int) -> list[tuple[str, realtime.Payload]]:
        with realtime.held() as events:
            self._check()
            services.mark_read(conversation_id=self.conversation_id, user=self.user, seq=seq)
        return events

    async def _on_typing(self, content: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.typed_at < TYPING_EVERY:
            return
        self.typed_at = now
        await live_db(self._check)()
        await realtime.abroadcast_now(
            self.group,
            realtime.typing_event(
                conversation_id=self.conversation_id, user_id=self.user.pk, name=str(self.user)
            ),
        )

    async def _on_ping(self, content: dict[str, Any]) -> None:
        await live_db(self._check)()
        await self.send_json({"type": "pong"})

    # --- delivery --------------------------------------------------------------------------------

    async def _catch_up(self, after_seq: int, *, after_change: int | None) -> None:
        """Replay what a client that has everything through `after_seq` missed, then where the others
        have read to and whether the conversation is still open. Live delivery waits meanwhile."""
        async with self.turn:
            await self._replay(after_seq, after_change=after_change)

    async def _replay(
        self,
        after_seq: int,
        *,
        after_change: int | None,
        first: tuple[list[realtime.Payload], list[realtime.Payload]] | None = None,
    ) -> None:
        """Replay from the database; `first`: the first batch and the cursors and state, read already."""
        events, extras = first or (
            await live_db(selectors.missed_events)(
                self.conversation_id, after_seq, after_change=after_change, since=self.since
            ),
            None,
        )
        if len(events) >= selectors.REPLAY_BATCH:
            extras = None  # more to read: the cursors and state are read again after it
        while events:
            for event in events:
                await self.send_json(event)
                if event["type"] == "message":
                    self.cursor = max(self.cursor, event["seq"])
            if len(events) < selectors.REPLAY_BATCH:
                break
            events = await live_db(selectors.missed_events)(
                self.conversation_id, self.cursor, since=self.since
            )
        if extras is None:
            extras = await live_db(self._cursors_and_state)()
        for event in extras:
            await self.send_json(event)
        await self.send_json({"type": "resumed", "last_seq": self.cursor})

    def _cursors_and_state(self) -> list[realtime.Payload]:
        conversation = Conversation.objects.get(pk=self.conversation_id)
        return [
            *selectors.read_cursors_of_others(self.conversation_id, self.user.pk),
            realtime.state_event(conversation),
        ]

    def hear(self, event: dict[str, Any]) -> None:
        """An event for this conversation, from this process's fan-out: delivered in turn. A socket that
        has not taken `INBOX_LIMIT` events (a client that stopped reading on a stalled network) is
        closed rather than queued for without end; the client reconnects with `after_seq` and catches up
        from the database, where everything it missed is stored."""
        if self.fell_behind is not None:
            return
        if self.inbox.qsize() < INBOX_LIMIT:
            self.inbox.put_nowait(event)
            return
        logger.info("A live connection fell %d events behind; closing it", INBOX_LIMIT)
        if self.delivering is not None:
            self.delivering.cancel()
        self.inbox = asyncio.Queue()  # let the waiting events go
        self.fell_behind = asyncio.get_running_loop().create_task(
            self.close(code=CLOSE_FELL_BEHIND)
        )

    async def _deliver(self) -> None:
        while True:
            event = await self.inbox.get()
            try:
                async with self.turn:
                    await self.relay(event)
            except Exception:  # the socket went, or the database did: the client will resume
                logger.info("Live delivery stopped; closing the connection", exc_info=True)
                with contextlib.suppress(Exception):
                    await self.close(code=1011)
                return

    async def relay(self, event: dict[str, Any]) -> None:
        """An event for the conversation's group. Messages go out in seq order: one that arrives ahead
        of its predecessors (from another process) first brings them from the database, where they are
        already committed, because seq numbers are handed out one commit at a time."""
        if event["event"] == "message":
            seq = event["seq"]
            if seq <= self.cursor:
                return  # already delivered on this connection
            if seq > self.cursor + 1:
                for missing in await live_db(selectors.messages_after)(
                    self.conversation_id, self.cursor, until_seq=seq, limit=seq
                ):
                    await self.send_json(realtime.message_event(missing))
            self.cursor = seq
        elif event["event"] == "update" and event["seq"] > self.cursor:
            return  # the client will get the message itself, as it is now
        await self.send(text_data=event["text"])

    async def _error(
        self, code: str, message: str, *, client_id: Any = None, field: str | None = None
    ) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if client_id is not None:
            frame["client_id"] = str(client_id)
        if field is not None:
            frame["field"] = field
        await self.send_json(frame)
