import pytest
from channels.layers import InMemoryChannelLayer

from alongside.conversations import layers
from alongside.conversations.layers import InProcessChannelLayer

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_the_in_process_layer_delivers_to_a_group(monkeypatch):
    layer = InProcessChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("conversation.1", channel)
    await layer.group_send("conversation.1", {"type": "relay", "text": "{}"})
    assert await layer.receive(channel) == {"type": "relay", "text": "{}"}


async def test_it_sweeps_for_expired_messages_at_most_once_a_second(monkeypatch):
    sweeps = []
    monkeypatch.setattr(InMemoryChannelLayer, "_clean_expired", lambda self: sweeps.append(1))
    now = [100.0]
    monkeypatch.setattr(layers.time, "monotonic", lambda: now[0])
    layer = InProcessChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    for _ in range(50):
        await layer.group_send("g", {"type": "relay"})
        await layer.receive(channel)
    assert len(sweeps) == 1
    now[0] += layers.SWEEP_EVERY
    await layer.group_send("g", {"type": "relay"})
    assert len(sweeps) == 2


async def test_a_committed_event_is_handed_to_a_busy_layer_again(monkeypatch):
    from alongside.conversations import realtime

    attempts = []

    async def flaky(group, payload):
        attempts.append(group)
        if len(attempts) < 3:
            raise ConnectionError("Too many connections")

    monkeypatch.setattr(realtime, "abroadcast_now", flaky)
    monkeypatch.setattr(realtime, "RETRY_DELAYS", (0, 0, 0))
    await realtime.asend_held([("conversation.1", {"type": "message", "seq": 1})])
    assert attempts == ["conversation.1"] * 3
