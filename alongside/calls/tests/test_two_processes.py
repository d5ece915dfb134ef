"""Signalling across processes: the supporter's browser talks to one `alongside serve` process, the
member's to another (PostgreSQL + Redis). Both hear that the other is there, an offer crosses, and a
hang-up on one side ends the call on both and becomes an encounter."""

import asyncio
import json
import os

import pytest
from django.conf import settings
from django.test import Client

from alongside.calls.tests.factories import video_session
from alongside.common.testing.processes import TIMEOUT, Server
from alongside.records.models import Encounter, Source
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


async def _open(port, session_id, key):
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/calls/{session_id}/",
        additional_headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={key}",
            "Origin": f"http://127.0.0.1:{port}",
        },
    )


async def _next(socket):
    return json.loads(await asyncio.wait_for(socket.recv(), TIMEOUT))


async def _call(session, keys, ports, ids):
    supporter = await _open(ports[0], session.pk, keys[0])
    assert (await _next(supporter))["here"] == [ids[0]]
    member = await _open(ports[1], session.pk, keys[1])
    both = [ids[0], ids[1]]
    assert (await _next(member))["here"] == both  # the supporter, seen from the other process
    assert (await _next(supporter))["both"] is True
    offer = {"type": "signal", "gen": 1, "sdp": {"type": "offer", "sdp": "v=0"}}
    await supporter.send(json.dumps(offer))
    assert await _next(member) == offer
    await member.send(json.dumps({"type": "hang_up"}))
    for socket in (member, supporter):
        frame = await _next(socket)
        assert frame["ended"] and frame["by"] == ids[1]
        await socket.close()


def _wait_until_serving(server, tries=4):
    """Conversations' bounded wait (15 s), a few times over: on a loaded machine a process can take
    longer to start, and it stops early if the process exits."""
    for attempt in range(tries):
        try:
            return server.wait_until_serving()
        except AssertionError as error:
            if "did not start" not in str(error) or attempt == tries - 1:
                raise
    return None


def test_a_call_between_two_processes_connects_and_ends(tmp_path, world):
    session = video_session(world)
    people = (world["supporter"], world["member"])
    keys = [sign_in(Client(), p).cookies[settings.SESSION_COOKIE_NAME].value for p in people]
    servers = [Server(tmp_path, "a"), Server(tmp_path, "b")]
    try:
        for server in servers:
            _wait_until_serving(server)
        ports = [server.port for server in servers]
        asyncio.run(_call(session, keys, ports, [p.pk for p in people]))
    finally:
        for server in servers:
            server.stop()
    encounter = Encounter.objects.get(source=Source.SESSION, source_id=str(session.pk))
    assert encounter.ended_at > encounter.started_at
