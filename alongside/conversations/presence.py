"""Who has a conversation open right now.

A connection marks its person here on connect, then again at most every 20 seconds while frames arrive
(the browser pings every 25 seconds); the mark expires on its own, so a crashed process cannot leave
anyone "here" for long. With two tabs open, closing one clears the mark until the other's next ping:
at worst a needless notification.

Several processes (ALONGSIDE_REDIS_URL set) share the marks in Redis, through one client per process
(Django's cache would build a client for every call, and the send path asks for every message). One
process keeps them in a dict of its own: the local-memory cache forgets entries beyond 300, so with
more people connected it would call them away and notify them needlessly.
"""

import asyncio
import time
from functools import cache

import redis
from django.conf import settings

PRESENCE_TTL = 75  # seconds: three missed pings
REFRESH_EVERY = 20  # seconds: a connection renews its mark at most this often

_marks: dict[str, float] = {}  # key → expiry (time.monotonic()), when there is only this process


def _shared() -> bool:
    return bool(getattr(settings, "REDIS_URL", None))


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(str(settings.REDIS_URL))


def _key(conversation_id: int, user_id: int) -> str:
    return f"alongside:here:{conversation_id}:{user_id}"


def mark_here(conversation_id: int, user_id: int) -> None:
    if _shared():
        _redis().set(_key(conversation_id, user_id), 1, ex=PRESENCE_TTL)
    else:
        now = time.monotonic()
        if len(_marks) > 10_000:  # marks of connections that died without a goodbye
            for key in [key for key, expiry in _marks.items() if expiry <= now]:
                del _marks[key]
        _marks[_key(conversation_id, user_id)] = now + PRESENCE_TTL


async def amark_gone(conversation_id: int, user_id: int) -> None:
    if _shared():
        await asyncio.to_thread(_redis().delete, _key(conversation_id, user_id))
    else:
        _marks.pop(_key(conversation_id, user_id), None)


def here(conversation_id: int, user_ids: list[int]) -> set[int]:
    """Which of `user_ids` have this conversation open now."""
    keys = {_key(conversation_id, user_id): user_id for user_id in user_ids}
    if _shared():
        found = _redis().mget(list(keys))
        return {user_id for user_id, mark in zip(keys.values(), found, strict=True) if mark}
    now = time.monotonic()
    return {user_id for key, user_id in keys.items() if _marks.get(key, 0) > now}
