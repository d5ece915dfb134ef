"""What a connect costs (issue 15: a thousand phones reconnect at once after a deploy). A member's
connection is checked and started in one trip to a live database thread and a fixed handful of
statements, whatever the room's size; `connecting.access_live` answers as `access_conversation` does."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.db.backends.signals import connection_created
from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.common.websockets import signed_in
from alongside.conversations import connecting, consumers, presence, selectors, services
from alongside.conversations.livedb import close_live_connections
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.conversations.tests.test_connect import _cookie_for
from alongside.conversations.tests.test_consumers import (  # noqa: F401  # the autouse fixture too
    close_connections_after,
    closed_with,
    connect,
    receive,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]

# The session, its person, the person's programs (the standing the socket answers for), the room's
# seats with their people and the conversation (the access check, the newest seq, the others' read
# cursors and the state), and, when resuming, the messages missed.
STATEMENTS_PER_CONNECT = 3
STATEMENTS_PER_RESUMING_CONNECT = 4


@contextmanager
def statements_in_live_threads() -> Iterator[list[str]]:
    """Every statement the live database threads run meanwhile. Their connections are closed first, so
    each one opened inside has the counter."""
    seen: list[str] = []
    counting = threading.Event()
    counting.set()

    def count(execute, sql, params, many, context):
        if counting.is_set():
            seen.append(sql)
        return execute(sql, params, many, context)

    def opened(sender, connection, **kwargs):
        if threading.current_thread().name.startswith("alongside-live-db"):
            connection.execute_wrappers.append(count)

    connection_created.connect(opened)
    try:
        yield seen
    finally:
        counting.clear()  # a wrapper left on a thread's connection counts nothing more
        connection_created.disconnect(opened)


@database_sync_to_async
def _room_of(size: int):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    program = conversation.program
    room = services.open_room(
        program=program,
        title="Drop-in room",
        people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)]
        + [(person(program, Role.MEMBER), Role.MEMBER) for _ in range(size - 2)],
    )
    say(room, supporter, "Welcome, everyone.")
    return room, member, _cookie_for(member)


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("query", "statements"),
    [("", STATEMENTS_PER_CONNECT), ("?after_seq=0", STATEMENTS_PER_RESUMING_CONNECT)],
)
async def test_a_connect_is_one_trip_and_the_same_few_statements_in_any_room(
    monkeypatch, size, query, statements
):
    room, member, headers = await _room_of(size)
    trips: list[str] = []
    live_db = consumers.live_db

    def counted(function):
        trips.append(function.__name__)
        return live_db(function)

    monkeypatch.setattr(consumers, "live_db", counted)
    await close_live_connections()
    with statements_in_live_threads() as seen:
        app = signed_in(URLRouter(websocket_urlpatterns))
        mine = await connect(None, room, query=query, app=app, headers=headers)
        if query:
            frames = await receive(mine, "message", *["read"] * (size - 1), "state", "resumed")
            assert (frames[0]["body"], frames[-1]["last_seq"]) == ("Welcome, everyone.", 1)
        else:
            assert await mine.receive_nothing()
    assert trips == ["_admit"], trips
    assert len(seen) == statements, seen


async def test_a_session_without_a_person_is_refused_in_the_same_trip():
    room, member, headers = await _room_of(3)
    stale = [(b"cookie", b"sessionid=no-such-session")]
    app = signed_in(URLRouter(websocket_urlpatterns))
    assert await closed_with(await connect(None, room, app=app, headers=stale)) == 4401


@database_sync_to_async
def _access_live_answers_as_access_conversation():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    stranger = person(conversation.program, Role.SUPPORTER)
    for viewer in (member, supporter):
        expected = selectors.access_conversation(viewer, conversation.pk)
        found = connecting.access_live(viewer, conversation.pk)
        assert found == expected
        assert found.program == expected.program
        assert [(p.pk, p.user, p.role) for p in found.participants.all()] == [
            (p.pk, p.user, p.role) for p in expected.participants.all()
        ]
        assert selectors.seat_of(found, viewer).user_id == viewer.pk
    for missing_or_not_theirs in (conversation.pk + 1000, conversation.pk):
        with pytest.raises(Http404):
            connecting.access_live(stranger, missing_or_not_theirs)
    supporter.is_active = False
    with pytest.raises(Http404):
        connecting.access_live(supporter, conversation.pk)


@database_sync_to_async
def _access_live_audits_a_supporters_read_and_not_the_members():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    connecting.access_live(member, conversation.pk)
    assert not AccessLog.objects.filter(actor=member).exists()
    connecting.access_live(supporter, conversation.pk)
    read = AccessLog.objects.get(actor=supporter)
    assert (read.record_id, read.subject_id, read.purpose) == (
        str(conversation.pk),
        member.pk,
        "Opened a conversation",
    )


async def test_access_live_answers_as_access_conversation():
    await _access_live_answers_as_access_conversation()


async def test_access_live_audits_a_supporters_read_and_not_the_members():
    await _access_live_audits_a_supporters_read_and_not_the_members()


async def test_with_redis_a_connect_marks_its_person_present_for_the_other_processes():
    if not presence._shared():
        pytest.skip("needs ALONGSIDE_REDIS_URL (the PostgreSQL + Redis lane sets it)")
    room, member, headers = await _room_of(3)
    key = presence._key(room.pk, member.pk)
    presence._redis().delete(key)
    app = signed_in(URLRouter(websocket_urlpatterns))
    await connect(None, room, app=app, headers=headers)
    assert presence._redis().get(key) is not None  # marked from the event loop, before any frame
