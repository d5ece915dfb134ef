"""Who has a conversation open right now.

Each process knows its own open connections exactly: a consumer says `opened` once it is connected and
`aclosed` when it goes (uvicorn's pings close a connection whose client vanished). That answers
`here` without any round trip whenever the people asked about are connected to this process, which
is the common case, and always with one process.

Several processes (ALONGSIDE_REDIS_URL set) also share marks in Redis, so that each can tell about
the others' connections: a connection marks its person on connect, then again at most every 20 seconds
while frames arrive (the browser pings every 25 seconds); the mark expires on its own, so a crashed
process cannot leave anyone "here" for long. Only the people this process does not have connected are
looked up there, through one client per process. When a person's last connection to a conversation in
this process closes, their mark goes; if they still had it open through another process, that one
marks them again at its next frame, meanwhile at worst they get a needless notification.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import Counter
from functools import cache

import redis
import redis.asyncio
from django.conf import settings

PRESENCE_TTL = 75  # seconds: three missed pings
REFRESH_EVERY = 20  # seconds: a connection renews its mark at most this often

_open: Counter[tuple[int, int]] = (
    Counter()
)  # (conversation, person) → connections open in this process
_open_lock = threading.Lock()  # consumers count on the event loop; `here` reads in database threads


def _shared() -> bool:
    return bool(getattr(settings, "REDIS_URL", None))


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(str(settings.REDIS_URL))


_on_the_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis] = (
    weakref.WeakKeyDictionary()
)


def _aredis() -> redis.asyncio.Redis:
    """The client for code on the event loop (a client belongs to the loop it first ran on)."""
    loop = asyncio.get_running_loop()
    if (client := _on_the_loop.get(loop)) is None:
        client = _on_the_loop[loop] = redis.asyncio.Redis.from_url(str(settings.REDIS_URL))
    return client


async def aforget_loop() -> None:
    """Close this event loop's client (when its last connection has gone; the next makes a new one)."""
    if (client := _on_the_loop.pop(asyncio.get_running_loop(), None)) is not None:
        await client.aclose()


def _key(conversation_id: int, user_id: int) -> str:
    return f"alongside:here:{conversation_id}:{user_id}"


def opened(conversation_id: int, user_id: int) -> None:
    """A connection of `user_id` to the conversation is open in this process."""
    with _open_lock:
        _open[conversation_id, user_id] += 1


async def aclosed(conversation_id: int, user_id: int) -> None:
    """That connection closed; the shared mark goes with the person's last one here."""
    with _open_lock:
        _open[conversation_id, user_id] -= 1
        last = _open[conversation_id, user_id] <= 0
        if last:
            del _open[conversation_id, user_id]
    if last and _shared():
        await asyncio.to_thread(_redis().delete, _key(conversation_id, user_id))


def mark_here(conversation_id: int, user_id: int) -> None:
    """Tell the other processes (renewed by each connection every `REFRESH_EVERY` seconds)."""
    if _shared():
        _redis().set(_key(conversation_id, user_id), 1, ex=PRESENCE_TTL)


async def amark_here(conversation_id: int, user_id: int) -> None:
    """`mark_here`, from the event loop."""
    if _shared():
        await _aredis().set(_key(conversation_id, user_id), 1, ex=PRESENCE_TTL)


def here(conversation_id: int, user_ids: list[int]) -> set[int]:
    """Which of `user_ids` have this conversation open now, in this process or (with Redis) another."""
    found, rest = _here_in_this_process(conversation_id, user_ids)
    if rest and _shared():
        marks = _redis().mget([_key(conversation_id, user_id) for user_id in rest])
        found.update(user_id for user_id, mark in zip(rest, marks, strict=True) if mark)
    return found


async def ahere(conversation_id: int, user_ids: list[int]) -> set[int]:
    """`here`, from the event loop."""
    found, rest = _here_in_this_process(conversation_id, user_ids)
    if rest and _shared():
        marks = await _aredis().mget([_key(conversation_id, user_id) for user_id in rest])
        found.update(user_id for user_id, mark in zip(rest, marks, strict=True) if mark)
    return found


def _here_in_this_process(conversation_id: int, user_ids: list[int]) -> tuple[set[int], list[int]]:
    """Those of `user_ids` connected to this process, and the rest."""
    with _open_lock:
        found = {user_id for user_id in user_ids if (conversation_id, user_id) in _open}
    return found, [user_id for user_id in user_ids if user_id not in found]
