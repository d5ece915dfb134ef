"""A socket answers for the program the person chose in their session, as the pages do (issue 16, item 5)."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from alongside.accounts.choices import Role
from alongside.accounts.selectors import PROGRAM_SESSION_KEY
from alongside.accounts.tests.factories import person_in_both
from alongside.forums.routing import websocket_urlpatterns
from alongside.forums.tests.factories import reply_by, thread_by

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


async def _connect(user, thread_id, session):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/forums/threads/{thread_id}/"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = session
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


@database_sync_to_async
def _member_of_both(world):
    return person_in_both(world, Role.MEMBER, username="river")


async def test_a_socket_answers_for_the_program_chosen_in_the_session(world):
    river = await _member_of_both(world)
    thread = await database_sync_to_async(thread_by)(world.foreign_member, world.foreign_program)

    # No choice: their first program stands, where this thread is not.
    first, connected = await _connect(river, thread.pk, {})
    assert connected
    assert await first.receive_output() == {"type": "websocket.close", "code": 4403}

    chosen, connected = await _connect(
        river, thread.pk, {PROGRAM_SESSION_KEY: world.foreign_program.pk}
    )
    assert connected
    post = await database_sync_to_async(reply_by)(world.foreign_member, thread, body="Hello")
    assert (await chosen.receive_json_from())["post"] == post.pk
    await chosen.disconnect()
