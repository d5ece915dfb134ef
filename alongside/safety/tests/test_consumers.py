"""The safety dashboard's live line, spoken to through Channels' communicator."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.conversations.livedb import close_live_connections
from alongside.safety.routing import websocket_urlpatterns
from alongside.safety.tests.factories import escalation_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture(autouse=True)
async def close_connections_after():
    yield
    await close_live_connections()


@database_sync_to_async
def program_with_people():
    program = ProgramFactory()
    return (
        program,
        person(program, Role.SUPERVISOR),
        person(program, Role.SUPPORTER),
        person(program, Role.MEMBER),
    )


@database_sync_to_async
def two_step_session(user):
    device = TOTPDevice.objects.get(user=user)
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


async def connect(user, session=None):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), "/ws/safety/escalations/"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = session or {}
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_supervisor_hears_of_a_new_escalation_and_a_member_is_refused():
    program, supervisor, supporter, member = await program_with_people()
    dashboard = await connect(supervisor, await two_step_session(supervisor))
    peer = await connect(supporter)  # not this member's supporter: hears nothing
    refused = await connect(member)
    assert (await refused.receive_output())["type"] == "websocket.close"
    escalation = await database_sync_to_async(escalation_for)(member, program)
    frames = [await dashboard.receive_json_from(), await dashboard.receive_json_from()]
    assert {"type": "escalation", "id": escalation.pk, "state": "open", "level": "high"} in frames
    assert all(str(member) not in str(frame) for frame in frames)  # ids only, no names
    assert await peer.receive_nothing()
    await dashboard.disconnect()
    await peer.disconnect()


async def test_staff_without_their_two_step_code_are_refused():
    _program, supervisor, _supporter, _member = await program_with_people()
    communicator = await connect(supervisor)
    closed = await communicator.receive_output()
    assert closed["type"] == "websocket.close" and closed["code"] == 4403
