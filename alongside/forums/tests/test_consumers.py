"""The thread consumer: readers who may read a thread hear of new replies; nobody else connects."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.forums.routing import websocket_urlpatterns
from alongside.forums.tests.factories import reply_by, thread_by

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


async def _connect(user, thread_id, session=None):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/forums/threads/{thread_id}/"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = session or {}
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


async def test_a_reader_hears_of_a_new_reply_and_a_stranger_cannot_listen(world):
    thread = await database_sync_to_async(thread_by)(world["member"], world.program)
    reader, connected = await _connect(world.other_member, thread.pk)
    assert connected
    stranger, _ = await _connect(world.foreign_member, thread.pk)
    assert (await stranger.receive_output())["type"] == "websocket.close"
    clinician, _ = await _connect(world["clinician"], thread.pk)
    closed = await clinician.receive_output()
    assert closed == {"type": "websocket.close", "code": 4403}
    anonymous, _ = await _connect(AnonymousUser(), thread.pk)
    assert (await anonymous.receive_output())["code"] == 4401

    post = await database_sync_to_async(reply_by)(world["supporter"], thread, body="Hello there")
    assert await reader.receive_json_from() == {
        "type": "reply",
        "thread": thread.pk,
        "post": post.pk,
    }
    await reader.disconnect()


async def test_a_crisis_reply_is_not_broadcast_to_readers(world):
    thread = await database_sync_to_async(thread_by)(world["member"], world.program)
    reader, connected = await _connect(world["member"], thread.pk)
    assert connected
    await database_sync_to_async(reply_by)(
        world.other_member,
        thread,
        body="I am going to kill myself tonight, I have the pills ready.",
    )
    calm = await database_sync_to_async(reply_by)(world["supporter"], thread, body="Hello there")
    # The first event the reader hears of is the calm reply: the held one was never sent.
    assert (await reader.receive_json_from())["post"] == calm.pk
    await reader.disconnect()


@database_sync_to_async
def _two_step_session(user):
    return {DEVICE_ID_SESSION_KEY: TOTPDevice.objects.get(user=user).persistent_id}


async def test_staff_without_their_two_step_code_are_refused(world):
    """The base consumer's check, as on the pages: a supervisor who has not given the code this session
    cannot listen, and hears of replies once they have."""
    supervisor = world["supervisor"]
    thread = await database_sync_to_async(thread_by)(world["member"], world.program)
    refused, connected = await _connect(supervisor, thread.pk)
    assert connected  # accepted, then closed with a code the client reads
    assert await refused.receive_output() == {"type": "websocket.close", "code": 4403}

    allowed, connected = await _connect(supervisor, thread.pk, await _two_step_session(supervisor))
    assert connected
    post = await database_sync_to_async(reply_by)(world["supporter"], thread, body="Hello there")
    assert (await allowed.receive_json_from())["post"] == post.pk
    await allowed.disconnect()
