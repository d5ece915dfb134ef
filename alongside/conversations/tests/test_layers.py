import asyncio
import os

import pytest
import redis.exceptions
from channels.layers import InMemoryChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

from alongside.conversations import layers
from alongside.conversations.layers import InProcessChannelLayer, RedisPubSubLayer

pytestmark = pytest.mark.anyio


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


@pytest.fixture
def redis_url():
    url = os.environ.get("ALONGSIDE_REDIS_URL")
    if not url:
        pytest.skip("needs ALONGSIDE_REDIS_URL (the PostgreSQL + Redis lane sets it)")
    return url


async def test_group_sends_over_redis_arrive_in_order_through_channels_redis_own_subscription(
    redis_url,
):
    sender = RedisPubSubLayer(hosts=[redis_url], prefix="alongside-test")
    receiver = RedisPubSubChannelLayer(
        hosts=[redis_url], prefix="alongside-test"
    )  # another process
    channel = await receiver.new_channel()
    await receiver.group_add("conversation.7", channel)
    try:
        await asyncio.gather(
            *(
                sender.group_send("conversation.7", {"type": "relay", "seq": seq})
                for seq in range(1, 51)
            )
        )
        heard = [(await asyncio.wait_for(receiver.receive(channel), 5))["seq"] for _ in range(50)]
        assert heard == list(range(1, 51))  # one pipeline or several, in the order sent
    finally:
        await receiver.flush()


async def test_a_group_send_while_redis_is_away_fails_for_the_caller_to_retry():
    layer = RedisPubSubLayer(hosts=["redis://127.0.0.1:1/0"])  # nothing listens on port 1
    with pytest.raises(redis.exceptions.ConnectionError):
        await layer.group_send("conversation.7", {"type": "relay", "seq": 1})
