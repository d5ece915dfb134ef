"""Crisis words in a group meeting's room alert every facilitator of the group, live on their open
pages and in the app, also a facilitator who has not come into the room yet."""

from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.conversations.livedb import close_live_connections
from alongside.conversations.services import send_message
from alongside.groups import services
from alongside.safety.models import Alert, Escalation
from alongside.safety.routing import websocket_urlpatterns

from .factories import group_of, meeting_now

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]

CRISIS = "I am going to kill myself tonight, I have the pills ready."


@pytest.fixture(autouse=True)
async def close_connections_after():
    yield
    await close_live_connections()


@database_sync_to_async
def _meeting_with_two_facilitators():
    program = ProgramFactory()
    seated, not_yet = person(program, Role.SUPPORTER), person(program, Role.SUPPORTER)
    member = person(program, Role.MEMBER)
    group = group_of(program, facilitators=[seated, not_yet])
    services.join_group(group=group, member=member)
    meeting = meeting_now(group)
    services.enter_meeting_room(meeting=meeting, user=seated)
    room = services.enter_meeting_room(meeting=meeting, user=member)
    return room, seated, not_yet, member


async def _safety_line(user):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), "/ws/safety/escalations/"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = {}  # peer supporters sign in without a two-step code
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _frames_until_alert(line):
    frames = []
    while not frames or frames[-1]["type"] != "alert":
        frames.append(await line.receive_json_from())
    return frames


async def test_crisis_words_in_a_meeting_room_alert_every_facilitator_live(world):
    room, seated, not_yet, member = await _meeting_with_two_facilitators()
    lines = [await _safety_line(seated), await _safety_line(not_yet)]

    await database_sync_to_async(send_message)(
        conversation=room, sender=member, client_id=uuid4(), body=CRISIS
    )

    escalation = await database_sync_to_async(Escalation.objects.get)(person=member)
    assert escalation.source_kind == "room" and escalation.source_id == room.pk
    for line in lines:
        alert = (await _frames_until_alert(line))[-1]
        assert alert["id"] == escalation.pk
        await line.disconnect()
    alerted = await database_sync_to_async(
        lambda: set(Alert.objects.filter(escalation=escalation).values_list("recipient", flat=True))
    )()
    assert {seated.pk, not_yet.pk} <= alerted
