"""Batch assignment is exactly optimal (checked against brute force) and never worse than greedy."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.matching.assignment import assign_greedy, assign_optimal, objective


def brute_force(scores, free):
    best = 0.0
    options = [None, *range(scores.shape[1])]
    for choice in itertools.product(options, repeat=scores.shape[0]):
        pairs = [(r, s) for r, s in enumerate(choice) if s is not None]
        if any(scores[r, s] <= 0 for r, s in pairs):
            continue
        counts = np.bincount([s for _, s in pairs], minlength=scores.shape[1])
        if (counts > np.asarray(free)).any():
            continue
        best = max(best, objective(scores, pairs))
    return best


@st.composite
def instances(draw, max_requests=5, max_supporters=3):
    n_requests = draw(st.integers(0, max_requests))
    n_supporters = draw(st.integers(1, max_supporters))
    cell = st.one_of(st.just(0.0), st.floats(10, 100, allow_nan=False).map(lambda x: round(x, 2)))
    scores = np.array(
        [[draw(cell) for _ in range(n_supporters)] for _ in range(n_requests)], dtype=float
    ).reshape(n_requests, n_supporters)
    free = [draw(st.integers(0, 3)) for _ in range(n_supporters)]
    return scores, free


def valid(scores, free, pairs):
    rows = [r for r, _ in pairs]
    counts = np.bincount([s for _, s in pairs], minlength=len(free))
    return (
        len(rows) == len(set(rows))
        and (counts <= np.asarray(free)).all()
        and all(scores[r, s] > 0 for r, s in pairs)
    )


@settings(max_examples=200, deadline=None)
@given(instances())
def test_the_optimiser_matches_brute_force_exactly(instance):
    scores, free = instance
    pairs = assign_optimal(scores, free)
    assert valid(scores, free, pairs)
    assert abs(objective(scores, pairs) - brute_force(scores, free)) < 1e-6


@settings(max_examples=200, deadline=None)
@given(instances(max_requests=12, max_supporters=6))
def test_the_optimiser_is_never_worse_than_greedy_and_keeps_capacity(instance):
    scores, free = instance
    optimal, greedy = assign_optimal(scores, free), assign_greedy(scores, free)
    assert valid(scores, free, optimal) and valid(scores, free, greedy)
    assert objective(scores, optimal) >= objective(scores, greedy) - 1e-9


def test_equally_good_supporters_share_the_work():
    scores = np.full((4, 2), 50.0)
    pairs = assign_optimal(scores, [4, 4])
    assert sorted(np.bincount([s for _, s in pairs])) == [2, 2]
