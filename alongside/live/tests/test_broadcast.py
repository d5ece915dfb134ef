"""Events leave for the channel layer: a committed one is tried again while the layer is busy."""

import pytest

from alongside.live import broadcast

pytestmark = pytest.mark.anyio


async def test_a_committed_event_is_handed_to_a_busy_layer_again(monkeypatch):
    attempts = []

    async def flaky(group, payload):
        attempts.append(group)
        if len(attempts) < 3:
            raise ConnectionError("Too many connections")

    monkeypatch.setattr(broadcast, "abroadcast_now", flaky)
    monkeypatch.setattr(broadcast, "RETRY_DELAYS", (0, 0, 0))
    await broadcast.asend_held([("conversation.1", {"type": "message", "seq": 1})])
    assert attempts == ["conversation.1"] * 3
