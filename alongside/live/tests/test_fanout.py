"""One subscription per room per process: the layer carries each event once; every connection of the
process to that room hears it; the subscription ends with the last connection."""

import asyncio
from typing import Any

import pytest

from alongside.conversations.layers import InProcessChannelLayer
from alongside.live.fanout import Fanout

pytestmark = pytest.mark.anyio


class Ear:
    def __init__(self) -> None:
        self.heard: list[dict[str, Any]] = []

    def hear(self, event: dict[str, Any]) -> None:
        self.heard.append(event)


async def _settle() -> None:
    for _ in range(5):  # let the fan-out's reader take what the layer holds
        await asyncio.sleep(0)


async def test_each_connection_to_a_room_hears_its_events_and_no_others():
    layer = InProcessChannelLayer()
    fanout = Fanout(layer)
    first, second, elsewhere = Ear(), Ear(), Ear()
    await fanout.join("conversation.1", first)
    await fanout.join("conversation.1", second)
    await fanout.join("conversation.2", elsewhere)
    await layer.group_send("conversation.1", {"type": "relay", "group": "conversation.1", "seq": 1})
    await _settle()
    assert [e["seq"] for e in first.heard] == [1]
    assert [e["seq"] for e in second.heard] == [1]
    assert elsewhere.heard == []
    # One channel of the process is in each group, however many connections it has.
    assert list(layer.groups["conversation.1"]) == [fanout.channel]


async def test_the_subscription_ends_with_the_last_connection_and_comes_back_with_the_next():
    layer = InProcessChannelLayer()
    fanout = Fanout(layer)
    first, second = Ear(), Ear()
    await fanout.join("conversation.1", first)
    await fanout.join("conversation.1", second)
    await fanout.leave("conversation.1", first)
    assert "conversation.1" in layer.groups  # the second is still here
    await fanout.leave("conversation.1", second)
    assert "conversation.1" not in layer.groups or not layer.groups["conversation.1"]
    await fanout.leave("conversation.1", second)  # leaving twice is harmless
    later = Ear()
    await fanout.join("conversation.1", later)
    await layer.group_send("conversation.1", {"type": "relay", "group": "conversation.1", "seq": 2})
    await _settle()
    assert [e["seq"] for e in later.heard] == [2]
    assert first.heard == [] and second.heard == []
