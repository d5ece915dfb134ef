"""Python's cycle collector, set for a long-running server that holds many live connections.

With CPython's default thresholds (700, 10, 10) a server with a thousand open WebSocket connections ran a
full collection every four to five seconds under load, and each one stopped the whole process — the event
loop and every database thread — for 270–450 ms while it walked about 450,000 objects (`alongside bench
realtime` on PostgreSQL + Redis, docs/benchmarks.md). Two changes take those pauses away:

- Everything that exists once the application has loaded (Django, the apps, the URL and template
  machinery: about 265,000 objects) lives as long as the process. It is collected once and then frozen,
  so no later collection walks it again.
- The youngest generation is collected after 20,000 net new objects instead of 700. Almost everything a
  message creates is freed by reference counting within milliseconds; at 700, objects still in flight were
  promoted to the old generation by the thousand, and the old generation filled up, which is what set off
  the full collections. A young collection of 20,000 objects takes a few milliseconds.

Cycles are still collected, only less often; memory held by them waits a little longer to be returned.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000
MIDDLE_THRESHOLD = 20  # young collections per middle one
OLD_THRESHOLD = (
    10  # middle ones per full one (which also waits for the old generation to grow 25 %)
)


def settle_for_serving() -> None:
    """Call once, in each server process, after the application has loaded and before it serves."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
