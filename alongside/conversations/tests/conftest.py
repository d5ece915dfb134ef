"""Fixtures for conversation tests: what realtime hands to the channel layer."""

import pytest

from alongside.conversations import realtime


@pytest.fixture
def sent_events(monkeypatch):
    """A list of (group, payload) that realtime sent, in order, instead of sending them."""
    sent = []
    monkeypatch.setattr(
        realtime, "broadcast_now", lambda group, payload: sent.append((group, payload))
    )
    return sent
