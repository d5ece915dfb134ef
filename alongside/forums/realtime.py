"""Live forum updates, sent through `alongside.live.broadcast`.

Readers of a thread hold a WebSocket to /ws/forums/threads/<id>/ (`consumers.ThreadConsumer`). The only
event is `reply`, with ids and no words: each reader's page fetches the post as that reader may see it
(anonymity, content warnings and never-show themes differ per reader).
"""

from __future__ import annotations

from typing import Any

from .models import Post


def thread_group(thread_id: int) -> str:
    return f"forums.thread.{thread_id}"


def reply_event(post: Post) -> dict[str, Any]:
    return {"type": "reply", "thread": post.thread_id, "post": post.pk}
