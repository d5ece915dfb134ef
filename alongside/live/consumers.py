"""The base of every WebSocket consumer: who may connect, and how a refusal is told.

Every consumer (conversations, safety's dashboard line, forum threads, video calls) subclasses
`LiveConsumer` and says only what is its own: `admit` (the access check, in the database thread:
return what the connection is about, or raise `Http404`), optionally `prepare`, and `admitted` (join
groups, accept). The base refuses a connection without a signed-in person (`CLOSE_SIGNED_OUT`), one
the access check refuses (`CLOSE_NO_ACCESS`, the same for a missing and a forbidden object) and, for
staff roles, one whose session has no two-step code (`CLOSE_NO_ACCESS`, as the pages answer 404), so
no consumer can skip it. The access check and everything after it answer for the program the person
chose in this session (`accounts.selectors.pin_from_session`), as the pages do.

In front of every consumer `asgi.py` puts `common.websockets`: the origin check (a page of this very
site) and the session. The session's person is looked up here, in the same trip to the database as the
access check (`_admit`): one trip per connect, which counts when every phone reconnects at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from alongside.accounts.choices import TWO_FACTOR_ROLES
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_from_session, standing
from alongside.common.websockets import NOT_LOOKED_UP, person_of

R = TypeVar("R")

CLOSE_SIGNED_OUT = 4401  # sign in again; reconnecting will not help
CLOSE_NO_ACCESS = 4403  # not (or no longer) allowed, or no such thing


class Refused(Exception):
    """Raised by `admit` to close with a code of the consumer's own (a call not open yet, say)."""

    def __init__(self, code: int) -> None:
        self.code = code


def two_step_done(user: User, session: Any) -> bool:
    """Staff must have given their two-step code in this session, as the pages demand: a staff role in
    any of their programs, whichever one the session has chosen."""
    if not standing(user).held_anywhere & TWO_FACTOR_ROLES:
        return True
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    # None (no code given in this session) is refused here: django_otp's lookup raises on it.
    device = Device.from_persistent_id(persistent_id) if isinstance(persistent_id, str) else None
    return device is not None and device.user_id == user.pk


class LiveConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels is untyped
    """Connect: signed in, admitted by the subclass, two-step code given; else accepted and closed at
    once with a code the client reads (it stops reconnecting)."""

    user: User

    def in_database(self, call: Callable[..., R]) -> Callable[..., Awaitable[R]]:
        """Where `admit` runs; conversations use their long-lived database threads instead."""
        return database_sync_to_async(call)  # type: ignore[no-any-return]

    def admit(self, user: User, session: Any) -> Any:
        """What this connection is about, if `user` may have it; else raise `Http404` (or `Refused`).
        Runs in the database thread; the two-step check follows it."""
        raise NotImplementedError

    def prepare(self, user: User, found: Any) -> None:
        """After every check, in the database thread: read what the connection needs, or raise
        `Refused` if it may not open now (a video call outside its hours)."""

    async def admitted(self, user: User, found: Any) -> None:
        """Join the groups and accept the connection."""
        raise NotImplementedError

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or (user is not NOT_LOOKED_UP and not user.is_authenticated):
            await self.refuse(CLOSE_SIGNED_OUT)
            return
        try:
            user, found = await self.in_database(self._admit)(user, self.scope.get("session"))
        except Http404:
            await self.refuse(CLOSE_NO_ACCESS)
            return
        except Refused as refused:
            await self.refuse(refused.code)
            return
        self.scope["user"] = user
        await self.admitted(user, found)

    def _admit(self, user: Any, session: Any) -> tuple[User, Any]:
        if user is NOT_LOOKED_UP:  # the middleware left it to this trip (`common.websockets`)
            user = person_of(session)
            if not user.is_authenticated:
                raise Refused(CLOSE_SIGNED_OUT)
        pin_from_session(user, session)  # the program chosen in this session, as pages answer for
        found = self.admit(user, session)
        if not two_step_done(user, session):
            raise Http404
        self.prepare(user, found)
        return user, found

    async def refuse(self, code: int) -> None:
        # Accept, then close with a code the client can read: it stops reconnecting.
        await self.accept()
        await self.close(code=code)

    async def relay(self, event: dict[str, Any]) -> None:
        """An event from `live.broadcast`, already encoded."""
        await self.send(text_data=event["text"])
