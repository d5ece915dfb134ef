"""Facilitator powers hold on the WebSocket too: a paused member's frames are refused with `muted` and
nothing is stored; a removed member's connection closes at their next frame."""

from contextlib import suppress
from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.conversations.livedb import close_live_connections
from alongside.conversations.models import Message
from alongside.conversations.routing import websocket_urlpatterns
from alongside.groups import services

from .factories import group_of, meeting_now

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@database_sync_to_async
def _meeting_in_progress():
    program = ProgramFactory()
    facilitator = person(program, Role.SUPPORTER)
    member = person(program, Role.MEMBER)
    group = group_of(program, facilitators=[facilitator])
    services.join_group(group=group, member=member)
    meeting = meeting_now(group)
    room = services.enter_meeting_room(meeting=meeting, user=member)
    return meeting, room, facilitator, member


async def _connect(user, room):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/conversations/{room.pk}/"
    )
    communicator.scope["user"] = user
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_paused_member_is_refused_and_a_removed_one_is_disconnected():
    meeting, room, facilitator, member = await _meeting_in_progress()
    live = await _connect(member, room)
    try:
        await database_sync_to_async(services.mute_in_room)(
            meeting=meeting, facilitator=facilitator, member=member
        )
        client_id = str(uuid4())
        await live.send_json_to({"type": "send", "client_id": client_id, "body": "Can I speak?"})
        refused = await live.receive_json_from(timeout=3)
        assert (refused["type"], refused["code"], refused["client_id"]) == (
            "error",
            "muted",
            client_id,
        )
        stored = await database_sync_to_async(
            Message.objects.filter(conversation=room, sender=member).count
        )()
        assert stored == 0

        await database_sync_to_async(services.remove_from_meeting)(
            meeting=meeting, facilitator=facilitator, member=member
        )
        await live.send_json_to({"type": "ping"})
        output = await live.receive_output(timeout=3)
        while output["type"] != "websocket.close":  # a relayed notice may come first
            output = await live.receive_output(timeout=3)
        assert output.get("code") == 4403
    finally:
        with suppress(Exception):
            await live.disconnect()
        await close_live_connections()
