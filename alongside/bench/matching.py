"""`alongside bench matching`: batch assignment of S waiting requests to M supporters with capacities.

A synthetic program is generated from a seed (topics, languages, wishes with must-haves, weekly times
in four US time zones, capacities and current loads). Both answers use the same vectorised
compatibility score (`alongside.matching.scale`). The baseline is greedy: requests in order, each takes
its best free place. The optimiser keeps each request's `--keep` best supporters plus the greedy
answer's edges and solves the assignment problem over capacity slots exactly on that graph, so its
objective is never below greedy's; `--check` also solves small instances densely and by the sparse
path and reports whether they agree. Runs in this process: no database and no server.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import UTC, datetime
from typing import Any

ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]


def _program(n_requests: int, n_supporters: int, seed: int) -> tuple[list[Any], list[Any]]:
    from alongside.accounts.choices import Topic
    from alongside.matching.compatibility import Candidate, Need
    from alongside.matching.models import SLOTS, Modality, Trait, Want

    rng = random.Random(seed)  # noqa: S311  # synthetic benchmark data

    def languages() -> frozenset[str]:
        found = {"en"} if rng.random() < 0.85 else set()
        for code, share in (("es", 0.2), ("zh", 0.04), ("vi", 0.03), ("ar", 0.02)):
            if rng.random() < share:
                found.add(code)
        return frozenset(found or {"es"})

    def wishes() -> tuple[tuple[str, str], ...]:
        found = {}
        for trait, must, nice in (
            (Trait.LIVED_EXPERIENCE, 0.1, 0.5),
            (Trait.LGBTQ, 0.03, 0.1),
            (Trait.VETERAN, 0.02, 0.05),
            (Trait.GENDER, 0.08, 0.15),
        ):
            roll = rng.random()
            if roll < must:
                found[trait] = Want.MUST
            elif roll < must + nice:
                found[trait] = Want.NICE
        return tuple(sorted(found.items()))

    needs = []
    for index in range(n_requests):
        spoken = languages()
        needs.append(
            Need(
                member_id=index,
                topics=frozenset(rng.sample(Topic.values, k=rng.randint(1, 3))),
                modalities=frozenset(rng.sample(Modality.values, k=rng.randint(1, 2))),
                languages=spoken,
                language_required="en" not in spoken,
                wants=wishes(),
                gender=rng.choice(["woman", "man", "nonbinary"]),
                slots=tuple(rng.sample(SLOTS, k=rng.randint(3, 10))),
                time_zone=rng.choice(ZONES),
            )
        )
    candidates = []
    for index in range(n_supporters):
        capacity = rng.randint(3, 8)
        candidates.append(
            Candidate(
                supporter_id=index,
                lived_experience=frozenset(rng.sample(Topic.values, k=rng.randint(1, 4))),
                languages=languages(),
                modalities=frozenset(rng.sample(Modality.values, k=rng.randint(1, 4))),
                gender=rng.choice(["woman", "man", "nonbinary"]),
                is_lgbtq=rng.random() < 0.2,
                is_veteran=rng.random() < 0.08,
                slots=tuple(rng.sample(SLOTS, k=rng.randint(6, 16))),
                time_zone=rng.choice(ZONES),
                free=capacity - rng.randint(0, 2),
            )
        )
    return needs, candidates


def _greedy_rows(
    scores: Any, used: Any, free: Any, start: int, pairs: list[tuple[int, int]]
) -> None:
    import numpy as np

    from alongside.matching.assignment import BALANCE

    for offset in range(scores.shape[0]):
        gain = np.where((scores[offset] > 0) & (used < free), scores[offset] - BALANCE * used, -1.0)
        col = int(np.argmax(gain))
        if gain[col] > 0:
            pairs.append((start + offset, col))
            used[col] += 1


def _solve(
    needs: list[Any], candidates: list[Any], at: datetime, keep: int, optimal: bool
) -> tuple[list[tuple[int, int]], float]:
    import numpy as np

    from alongside.matching.scale import assign_sparse, chunks, pack, score_rows

    start = time.perf_counter()
    rows, cols = pack(needs, candidates, at)
    free = np.array([max(c.free, 0) for c in candidates], np.int64)
    used = np.zeros(len(candidates), np.int64)
    greedy: list[tuple[int, int]] = []
    edges: dict[tuple[int, int], float] = {}
    for part in chunks(len(needs)):
        scores = score_rows(rows, cols, part)
        _greedy_rows(scores, used, free, part.start, greedy)
        if optimal:
            k = min(keep, scores.shape[1])
            best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            for offset, picks in enumerate(best):
                for col in picks:
                    if scores[offset, col] > 0:
                        edges[part.start + offset, int(col)] = float(scores[offset, col])
            for row, col in greedy:
                if row >= part.start:
                    edges[row, col] = float(scores[row - part.start, col])
    if not optimal:
        return greedy, time.perf_counter() - start
    pairs = assign_sparse(edges, len(needs), free.tolist())
    return pairs, time.perf_counter() - start


def _objective(
    needs: list[Any], candidates: list[Any], at: datetime, pairs: list[tuple[int, int]]
) -> float:
    from alongside.matching.assignment import BALANCE
    from alongside.matching.compatibility import compatibility

    counts: dict[int, int] = {}
    total = 0.0
    for row, col in pairs:
        fit = compatibility(needs[row], candidates[col], at)
        assert fit.feasible  # noqa: S101  # never a pair that breaks a hard constraint
        total += fit.score
        counts[col] = counts.get(col, 0) + 1
    for col, n in counts.items():
        assert n <= candidates[col].free  # noqa: S101  # nobody over capacity
    return total - BALANCE * sum(n * (n - 1) / 2 for n in counts.values())


def _check_small(seed: int, rounds: int = 30) -> bool:
    """Unpruned, the sparse path must reach the dense optimum exactly on small programs."""
    from alongside.matching.assignment import assign_optimal, objective
    from alongside.matching.scale import pack, score_rows

    at = datetime(2026, 1, 15, tzinfo=UTC)
    for index in range(rounds):
        needs, candidates = _program(12, 5, seed + index)
        rows, cols = pack(needs, candidates, at)
        scores = score_rows(rows, cols, slice(0, len(needs)))
        dense = assign_optimal(scores, [max(c.free, 0) for c in candidates])
        sparse, _ = _solve(needs, candidates, at, keep=len(candidates), optimal=True)
        if abs(objective(scores, dense) - objective(scores, sparse)) > 1e-6:
            return False
    return True


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench matching")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--supporters", type=int, default=2_000)
    parser.add_argument("--keep", type=int, default=2, help="best supporters kept per request")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(options)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()  # the score's vocabularies are the app's translated choices
    at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    needs, candidates = _program(args.requests, args.supporters, args.seed)
    from alongside.matching.scale import pack

    pack(needs, candidates, at)  # unmeasured: fills the hours cache, so neither side pays for it
    greedy, greedy_seconds = _solve(needs, candidates, at, args.keep, optimal=False)
    pairs, seconds = _solve(needs, candidates, at, args.keep, optimal=True)
    return {
        "name": "matching",
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "params": {
            "requests": args.requests,
            "supporters": args.supporters,
            "places": sum(max(c.free, 0) for c in candidates),
            "keep": args.keep,
            "seed": args.seed,
        },
        "results": {
            "seconds": round(seconds, 3),
            "objective": round(_objective(needs, candidates, at, pairs), 2),
            "assigned": len(pairs),
            "small_instances_match_dense_optimum": _check_small(args.seed),
        },
        "baseline": {
            "seconds": round(greedy_seconds, 3),
            "objective": round(_objective(needs, candidates, at, greedy), 2),
            "assigned": len(greedy),
        },
    }
