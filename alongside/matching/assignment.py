"""Batch assignment of waiting requests to supporters with places free, exactly optimal.

The objective is the total compatibility minus a load-balancing charge: the k-th member (counting
from 0) a supporter is given in one batch costs BALANCE * k points, so that among equally good
answers the work is spread out. Each supporter is expanded into one column per free place, column k
carrying that charge, and the assignment problem is solved with SciPy's `linear_sum_assignment`
(the Jonker–Volgenant algorithm). Because the charge grows with k, an optimal answer always fills a
supporter's cheaper places first, so the objective is exactly `objective()` below. A pair whose score
after the charge is not positive is never worth making, which is how "unassigned" is modelled.

`assign_greedy` is the baseline the benchmark compares with: each request in priority order takes
the best place still free.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

BALANCE = 1.0

Pairs = list[tuple[int, int]]  # (request index, supporter index)


def objective(scores: NDArray[np.float64], pairs: Pairs) -> float:
    """Total compatibility of `pairs` minus the load-balancing charge."""
    counts: dict[int, int] = {}
    total = 0.0
    for row, col in pairs:
        total += float(scores[row, col])
        counts[col] = counts.get(col, 0) + 1
    return total - BALANCE * sum(n * (n - 1) / 2 for n in counts.values())


def assign_optimal(scores: NDArray[np.float64], free: Sequence[int]) -> Pairs:
    """A maximum-objective assignment; `scores[r, s]` is 0 where request r may not go to supporter s."""
    n_requests = scores.shape[0]
    columns, gains = [], []
    for col, places in enumerate(free):
        for k in range(min(int(places), n_requests)):
            gain = scores[:, col] - BALANCE * k
            gain[scores[:, col] <= 0] = 0.0  # infeasible stays infeasible
            columns.append(col)
            gains.append(np.maximum(gain, 0.0))
    if not columns or n_requests == 0:
        return []
    matrix = np.column_stack(gains)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return sorted(
        (int(row), columns[col])
        for row, col in zip(rows, cols, strict=True)
        if matrix[row, col] > 0
    )


def assign_greedy(scores: NDArray[np.float64], free: Sequence[int]) -> Pairs:
    """Each request in order takes the free place with the highest score after the charge."""
    used = np.zeros(len(free), dtype=np.int64)
    capacity = np.asarray(free, dtype=np.int64)
    pairs = []
    for row in range(scores.shape[0]):
        gain = np.where(
            (scores[row] > 0) & (used < capacity), scores[row] - BALANCE * used, -np.inf
        )
        if gain.size == 0:
            break
        col = int(np.argmax(gain))
        if gain[col] > 0:
            pairs.append((row, col))
            used[col] += 1
    return pairs
