"""`alongside bench safety`: quality and per-message latency of `safety.assess` on the shipped evaluation set.

Quality: recall of high+imminent items (assessed high or above), false alarms on `none` items (assessed
high or above), and, per expected level, what the items were assessed as (`as_concern` is the share
assessed concern). Latency: after one unmeasured pass (which also loads the model), every item is
assessed `--rounds` times, each call timed alone with time.perf_counter; p50/p99 are over all calls.
Runs in this process: `assess` is a plain function, with no server in the way.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time
from typing import Any


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench safety")
    parser.add_argument(
        "--rounds", type=int, default=5, help="timed passes over the evaluation set"
    )
    args = parser.parse_args(options)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()  # assess() is called from inside the app: measure it there
    from alongside.safety import assess
    from alongside.safety.evaluation import evaluate, load_items

    items = load_items()
    quality, _ = evaluate(assess, items)  # also the warm-up pass
    seconds = []
    for _ in range(args.rounds):
        for item in items:
            start = time.perf_counter()
            assess(item.text)
            seconds.append(time.perf_counter() - start)
    return {
        "name": "safety",
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "params": {"items": len(items), "rounds": args.rounds},
        "results": {
            "p50_ms": _ms(_percentile(seconds, 50)),
            "p99_ms": _ms(_percentile(seconds, 99)),
            "max_ms": _ms(max(seconds)),
            "model_version": assess("").model_version,
            **quality,
        },
    }


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between ranks, as numpy's default does."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)
