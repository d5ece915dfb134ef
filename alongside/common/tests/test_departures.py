"""A browser that leaves mid-conversation is logged as one line, not as a traceback (issue 22)."""

import logging

import pytest
from uvicorn.protocols.utils import ClientDisconnected

from alongside.asgi import application
from alongside.common.departures import QuietDepartures


async def _receive():
    return {"type": "websocket.disconnect", "code": 1001}


async def _browser_gone(message):
    raise ClientDisconnected  # what uvicorn's send raises once the browser's socket has closed


@pytest.mark.anyio
async def test_frames_to_a_browser_that_left_are_dropped_with_one_line(caplog):
    heard = []

    async def consumer(scope, receive, send):
        await send({"type": "websocket.send", "text": '{"type": "typing"}'})
        await send({"type": "websocket.send", "text": '{"type": "message"}'})
        heard.append(await receive())  # the disconnect comes next, and the consumer ends as usual

    caplog.set_level(logging.INFO)
    scope = {"type": "websocket", "path": "/ws/conversations/7/"}
    await QuietDepartures(consumer)(scope, _receive, _browser_gone)

    assert heard == [{"type": "websocket.disconnect", "code": 1001}]
    records = [r for r in caplog.records if r.name == "alongside.common.departures"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert records[0].getMessage().count("\n") == 0
    assert "/ws/conversations/7/" in records[0].getMessage()


def test_every_websocket_connection_passes_through_it():
    assert isinstance(application.application_mapping["websocket"], QuietDepartures)
