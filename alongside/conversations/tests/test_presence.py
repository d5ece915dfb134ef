"""Presence: a process knows its own open connections; with Redis, the others' marks fill in the rest."""

import os

import pytest
from django.test import override_settings

from alongside.conversations import presence

CONVERSATION = 424242  # presence keys only: no rows are needed

pytestmark = pytest.mark.anyio


@pytest.fixture
def alone():
    with override_settings(REDIS_URL=None):
        yield


@pytest.fixture
def shared():
    url = os.environ.get("ALONGSIDE_REDIS_URL")
    if not url:
        pytest.skip("needs ALONGSIDE_REDIS_URL (the PostgreSQL + Redis lane sets it)")
    with override_settings(REDIS_URL=url):
        presence._redis.cache_clear()
        presence._redis().delete(*(presence._key(CONVERSATION, user) for user in (1, 2, 3)))
        yield presence._redis()
    presence._redis.cache_clear()


async def test_one_process_counts_each_connection_until_the_last_one_closes(alone):
    presence.opened(CONVERSATION, 1)
    presence.opened(CONVERSATION, 1)  # a second tab
    assert presence.here(CONVERSATION, [1, 2]) == {1}
    await presence.aclosed(CONVERSATION, 1)
    assert presence.here(CONVERSATION, [1, 2]) == {1}
    await presence.aclosed(CONVERSATION, 1)
    assert presence.here(CONVERSATION, [1, 2]) == set()
    assert presence.here(CONVERSATION + 1, [1]) == set()  # per conversation


async def test_with_redis_the_other_processes_marks_count_too(shared):
    presence.opened(CONVERSATION, 1)  # connected to this process
    presence.mark_here(CONVERSATION, 1)
    presence.mark_here(CONVERSATION, 2)  # as another process would, for its own connection
    assert presence.here(CONVERSATION, [1, 2, 3]) == {1, 2}
    shared.delete(presence._key(CONVERSATION, 1))
    assert presence.here(CONVERSATION, [1]) == {1}  # known here without asking Redis
    presence.mark_here(CONVERSATION, 1)
    await presence.aclosed(CONVERSATION, 1)  # the last connection here goes, and its mark with it
    assert shared.get(presence._key(CONVERSATION, 1)) is None
    assert presence.here(CONVERSATION, [1, 2]) == {2}
    assert 0 < shared.ttl(presence._key(CONVERSATION, 2)) <= presence.PRESENCE_TTL  # expires alone


async def test_from_the_event_loop_the_same_answers(shared):
    presence.opened(CONVERSATION, 1)
    await presence.amark_here(CONVERSATION, 2)  # another process's connection, marked from its loop
    assert await presence.ahere(CONVERSATION, [1, 2, 3]) == {1, 2}
    assert presence.here(CONVERSATION, [1, 2, 3]) == {1, 2}
    await presence.aclosed(CONVERSATION, 1)
    assert await presence.ahere(CONVERSATION, [1, 2]) == {2}
    assert 0 < shared.ttl(presence._key(CONVERSATION, 2)) <= presence.PRESENCE_TTL
