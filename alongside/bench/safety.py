"""`alongside bench safety`: quality and per-message latency of `safety.assess`.

Quality, against issue 13's targets, on the two frozen evaluation sets (three blind authors each; never
tuned on) per language, author and dimension; the author-held-out figures recorded when the shipped model was
trained (each data author left out in turn); and our own first set, which is not held out. Latency:
after one unmeasured pass (which also loads the model), every frozen item is assessed with its context
`--rounds` times, each call timed alone with time.perf_counter (wall) and time.thread_time (this
thread's CPU, which a busy machine does not inflate); p50/p99 over all calls. Runs in this
process: `assess` is a plain function, with no server in the way.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import time
from typing import Any

TARGETS = {
    "recall_high": (">=", 0.95),
    "recall_imminent": (">=", 0.80),
    "concern_caught": (">=", 0.80),
    "false_alarm_none": ("<=", 0.05),
}


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench safety")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the frozen set")
    args = parser.parse_args(options)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()  # assess() is called from inside the app: measure it there
    from alongside.safety import assess
    from alongside.safety.evaluation import FROZEN2, breakdown, evaluate, load_frozen, load_items
    from alongside.safety.model import ARTEFACT

    frozen = load_frozen()
    quality, assessed = evaluate(assess, frozen)  # also the warm-up pass
    frozen2 = load_frozen(FROZEN2)
    quality2, assessed2 = evaluate(assess, frozen2)
    own, _ = evaluate(assess, load_items())
    seconds, cpu = [], []
    for _ in range(args.rounds):
        for item in frozen:
            start, start_cpu = time.perf_counter(), time.thread_time()
            assess(item.text, context=item.context)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
    with gzip.open(ARTEFACT, "rt", encoding="utf-8") as f:
        training = json.load(f)["training"]
    held_out = training.get("author_held_out", {})
    return {
        "name": "safety",
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "params": {
            "frozen_items": len(frozen),
            "frozen2_items": len(frozen2),
            "rounds": args.rounds,
        },
        "results": {
            "p50_ms": _ms(_percentile(seconds, 50)),
            "p99_ms": _ms(_percentile(seconds, 99)),
            "max_ms": _ms(max(seconds)),
            # CPU time of this thread alone: what one core spends, whatever else shares the machine.
            "p50_cpu_ms": _ms(_percentile(cpu, 50)),
            "p99_cpu_ms": _ms(_percentile(cpu, 99)),
            "model_version": assess("").model_version,
            "targets": _checked(
                {"frozen": quality, "frozen2": quality2, "author_held_out": held_out.get("all", {})}
            ),
            "frozen": {**quality, **breakdown(frozen, assessed)},
            "frozen2": {**quality2, **breakdown(frozen2, assessed2)},
            "author_held_out": held_out,
            "own_set_not_held_out": {k: own[k] for k in ("n", *TARGETS)},
        },
    }


def _checked(sets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each target with its figure on every set, and whether all hold; the language gap on each frozen set."""
    out: dict[str, Any] = {}
    for name, (op, bound) in TARGETS.items():
        figures = {label: quality.get(name) for label, quality in sets.items()}
        held = [v for v in figures.values() if v is not None]
        ok = all(v >= bound if op == ">=" else v <= bound for v in held)
        out[name] = {"target": f"{op} {bound}", **figures, "holds": ok}
    gaps = {}
    for label, quality in sets.items():
        per_lang = quality.get("per_lang", {})
        langs = [v["recall_high"] for v in per_lang.values() if v.get("recall_high") is not None]
        if langs:
            gaps[label] = round(max(langs) - min(langs), 4)
    out["language_gap_recall_high"] = {
        "target": "<= 0.03",
        **gaps,
        "holds": all(gap <= 0.03 for gap in gaps.values()),
    }
    return out


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between ranks, as numpy's default does."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)
