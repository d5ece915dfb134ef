"""Connecting: the session's person is looked up in the live database threads (which keep their
connections), not on Channels' one shared thread with a new connection each time; a resuming client
gets its replay from the same trip to the database. A password changed since signing in still signs out."""

import threading

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.conf import settings
from django.test import Client

from alongside.common.websockets import signed_in
from alongside.conversations import connecting
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.tests.factories import say
from alongside.conversations.tests.test_consumers import (  # noqa: F401  # the autouse fixture too
    close_connections_after,
    closed_with,
    connect,
    receive,
    talk,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


def _cookie_for(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]


async def test_a_connecting_person_is_looked_up_in_a_live_database_thread(monkeypatch):
    conversation, member, *_ = await talk()
    await database_sync_to_async(say)(conversation, member, "Before the deploy")
    headers = await database_sync_to_async(_cookie_for)(member)
    looked_up_on: list[str] = []
    session_data = connecting._session_data  # the session read, before its person (`open_live`)

    def recording(session):
        looked_up_on.append(threading.current_thread().name)
        return session_data(session)

    monkeypatch.setattr(connecting, "_session_data", recording)
    app = signed_in(URLRouter(websocket_urlpatterns))
    mine = await connect(None, conversation, query="?after_seq=0", app=app, headers=headers)
    frames = await receive(mine, "message", "read", "state", "resumed")
    assert (frames[0]["body"], frames[3]["last_seq"]) == ("Before the deploy", 1)
    assert [name.split("_")[0] for name in looked_up_on] == ["alongside-live-db"]


async def test_a_session_from_before_a_password_change_is_asked_to_sign_in():
    conversation, member, *_ = await talk()
    headers = await database_sync_to_async(_cookie_for)(member)

    def change_password():
        member.set_password("a new and different passphrase")
        member.save(update_fields=["password"])

    await database_sync_to_async(change_password)()
    app = signed_in(URLRouter(websocket_urlpatterns))
    assert await closed_with(await connect(None, conversation, app=app, headers=headers)) == 4401
