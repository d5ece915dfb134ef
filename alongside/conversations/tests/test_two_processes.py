"""Two `alongside serve` processes share one program through PostgreSQL and Redis. The member talks to
one, the supporter to the other; the member's process dies mid-conversation with a message in flight;
the member reconnects to the other process and resumes. Every message arrives exactly once, in order."""

import asyncio
import json
import os
from contextlib import suppress
from uuid import uuid4

import pytest
from django.conf import settings
from django.test import Client

from alongside.common.testing.processes import TIMEOUT, Server
from alongside.conversations.models import Message
from alongside.conversations.tests.factories import conversation_with, people_of
from conftest import sign_in

websockets = pytest.importorskip("websockets")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (
            os.environ.get("ALONGSIDE_DATABASE_URL", "").startswith(
                ("postgres://", "postgresql://")
            )
            and os.environ.get("ALONGSIDE_REDIS_URL")
        ),
        reason="needs ALONGSIDE_DATABASE_URL=postgresql://… and ALONGSIDE_REDIS_URL",
    ),
]


class Peer:
    """A client speaking the protocol as chat.js does: it tracks the newest seq it has, reconnects with
    `?after_seq=`, and resends what was not acknowledged with the same client_id."""

    def __init__(self, name, conversation_id, session_key):
        self.name, self.conversation_id, self.session_key = name, conversation_id, session_key
        self.messages = []  # every `message` frame, in arrival order, across connections
        self.acks = {}
        self.unacked = {}
        self.changed = asyncio.Condition()
        self.socket = None

    @property
    def last_seq(self):
        return self.messages[-1]["seq"] if self.messages else 0

    async def connect(self, port):
        url = f"ws://127.0.0.1:{port}/ws/conversations/{self.conversation_id}/?after_seq={self.last_seq}"
        self.socket = await websockets.connect(
            url,
            additional_headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session_key}",
                "Origin": f"http://127.0.0.1:{port}",
            },
        )
        self.reader = asyncio.create_task(self._read(self.socket))
        for client_id, body in self.unacked.items():  # resend, as chat.js does on every (re)connect
            await self.socket.send(
                json.dumps({"type": "send", "client_id": client_id, "body": body})
            )

    async def _read(self, socket):
        with suppress(websockets.ConnectionClosed):
            async for raw in socket:
                frame = json.loads(raw)
                async with self.changed:
                    if frame["type"] == "message":
                        self.messages.append(frame)
                    elif frame["type"] == "ack":
                        self.acks[frame["client_id"]] = frame["seq"]
                        self.unacked.pop(frame["client_id"], None)
                    self.changed.notify_all()
        async with self.changed:
            self.changed.notify_all()

    async def until(self, condition, what):
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(condition), TIMEOUT)
            except TimeoutError:
                raise AssertionError(f"{self.name} waited in vain for {what}") from None

    async def post(self, body):
        """Send without waiting for the ack."""
        client_id = str(uuid4())
        self.unacked[client_id] = body
        await self.socket.send(json.dumps({"type": "send", "client_id": client_id, "body": body}))
        return client_id

    async def say(self, body):
        client_id = await self.post(body)
        await self.until(lambda: client_id in self.acks, f"the ack of {body!r}")
        return self.acks[client_id]

    async def has(self, seq):
        await self.until(lambda: self.last_seq >= seq, f"message {seq}")


async def _conversation(member, supporter, servers, tmp_path):
    a, b = servers
    await member.connect(a.port)
    await supporter.connect(b.port)
    sent = []
    for n in range(5):  # a conversation across the two processes
        seq = await member.say(f"member {n}")
        await supporter.has(seq)
        seq = await supporter.say(f"supporter {n}")
        await member.has(seq)
        sent += [f"member {n}", f"supporter {n}"]

    # The member's process dies with a message in flight.
    await member.post("sent as the lights went out")
    sent.append("sent as the lights went out")
    a.kill()
    await member.until(lambda: member.reader.done(), "its connection to drop")

    for n in range(3):  # the supporter keeps writing meanwhile
        await supporter.say(f"while you were away {n}")
        sent.append(f"while you were away {n}")

    await member.connect(b.port)  # to the survivor, resuming after the last seq it has
    await member.until(lambda: not member.unacked, "the resent message's ack")
    newest = len(sent)
    await member.has(newest)
    await supporter.has(newest)
    for n in range(3):
        seq = await member.say(f"back again {n}")
        await supporter.has(seq)
        sent.append(f"back again {n}")
    await member.has(len(sent))
    for peer in (member, supporter):
        await peer.socket.close()
    return sent


def test_two_processes_share_a_conversation_and_a_crash_loses_nothing(tmp_path):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    keys = [
        sign_in(Client(), person).cookies[settings.SESSION_COOKIE_NAME].value
        for person in (member, supporter)
    ]
    servers = [Server(tmp_path, "a"), Server(tmp_path, "b")]
    try:
        for server in servers:
            server.wait_until_serving()
        peers = [
            Peer(name, conversation.pk, key)
            for name, key in zip(("member", "supporter"), keys, strict=True)
        ]
        sent = asyncio.run(_conversation(*peers, servers, tmp_path))
    finally:
        for server in servers:
            server.stop()
    stored = list(
        Message.objects.filter(conversation=conversation).order_by("seq").values_list("seq", "body")
    )
    assert [seq for seq, _ in stored] == list(range(1, len(sent) + 1))  # gapless, nothing doubled
    assert sorted(body for _, body in stored) == sorted(sent)  # every message stored exactly once
    for peer in peers:
        # Exactly once and in order, as frames arrived, across the crash and the reconnect.
        assert [m["seq"] for m in peer.messages] == list(range(1, len(sent) + 1)), peer.name
        assert [m["body"] for m in peer.messages] == [body for _, body in stored], peer.name
