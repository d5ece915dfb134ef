"""Frames no client should send, answered with an error frame and the connection kept: text holding a
NUL character (PostgreSQL cannot store one) and JSON nested deep enough to exhaust the parser."""

from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from django.db import DatabaseError

from alongside.conversations import services
from alongside.conversations.models import Message
from alongside.conversations.tests.test_consumers import (  # noqa: F401  # the autouse fixture too
    close_connections_after,
    connect,
    receive,
    receive_any,
    talk,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


async def test_a_message_with_a_nul_character_is_refused_naming_the_field():
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    client_id = str(uuid4())
    await mine.send_json_to({"type": "send", "client_id": client_id, "body": "hello\x00there"})
    [error] = await receive(mine, "error")
    assert (error["code"], error["field"], error["client_id"]) == ("bad_frame", "body", client_id)
    assert "NUL" in error["message"]
    assert not await database_sync_to_async(Message.objects.filter(client_id=client_id).exists)()
    await mine.send_json_to({"type": "ping"})  # the connection stays
    await receive(mine, "pong")


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"type": "send", "body": ' + "[" * 5_000 + "]" * 5_000 + "}",
        '{"type": "ping", "deep": ' + "[" * 990 + '"x"' + "]" * 990 + "}",
    ],
    ids=["an array 100,000 deep", "a body 5,000 deep", "a frame 990 deep"],
)
async def test_a_deeply_nested_frame_gets_an_error_frame_not_a_dead_socket(frame):
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    await mine.send_to(text_data=frame)
    [error] = await receive(mine, "error")
    assert error["code"] == "bad_frame"
    await mine.send_json_to({"type": "ping"})
    await receive(mine, "pong")


async def test_after_try_again_a_resent_message_keeps_its_place_before_later_ones(monkeypatch):
    conversation, member, *_ = await talk()
    store, failures = services.send_message, ["once"]

    def hiccup(**kwargs):  # the database fails the first message once
        if kwargs["body"] == "first" and failures:
            failures.pop()
            raise DatabaseError("could not serialize access")
        return store(**kwargs)

    async def not_on_the_loop(**kwargs):
        return None  # PostgreSQL's loop path gives way, so every send goes through `hiccup`

    monkeypatch.setattr(services, "send_message", hiccup)
    monkeypatch.setattr(services, "asend_message", not_on_the_loop)
    mine = await connect(member, conversation)
    first, second = str(uuid4()), str(uuid4())
    await mine.send_json_to({"type": "send", "client_id": first, "body": "first"})
    await mine.send_json_to({"type": "send", "client_id": second, "body": "second"})
    refusals = await receive(mine, "error", "error")
    assert [(r["code"], r["client_id"]) for r in refusals] == [
        ("try_again", first),
        ("try_again", second),  # not stored ahead of the first
    ]
    for client_id, body in ((first, "first"), (second, "second")):  # the client resends in order
        await mine.send_json_to({"type": "send", "client_id": client_id, "body": body})
    # Each ack and its broadcast travel separately: the second ack may come before the first message.
    frames = await receive_any(mine, 4)
    assert sorted(f["type"] for f in frames) == ["ack", "ack", "message", "message"]
    assert [(f["client_id"], f["seq"]) for f in frames if f["type"] == "ack"] == [
        (first, 1),
        (second, 2),
    ]
