"""The vectorised score equals `compatibility()` pair by pair; the sparse solver equals the dense one."""

from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.matching.assignment import assign_optimal, objective
from alongside.matching.compatibility import Candidate, Need, compatibility
from alongside.matching.models import SLOTS, Trait, Want
from alongside.matching.scale import assign_sparse, pack, score_rows

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)
small = st.sampled_from
sets = lambda values: st.frozensets(st.sampled_from(values), max_size=2)  # noqa: E731
zones = small(["UTC", "America/New_York", "Europe/Madrid", "Asia/Kolkata"])
slots = st.lists(st.sampled_from(SLOTS), max_size=5, unique=True).map(tuple)

needs = st.builds(
    Need,
    member_id=st.just(0),
    topics=sets(["grief", "bipolar", "trauma"]),
    modalities=sets(["chat", "video"]),
    languages=sets(["en", "es"]),
    language_required=st.booleans(),
    wants=st.dictionaries(small(Trait.values), small(Want.values), max_size=3).map(
        lambda d: tuple(sorted(d.items()))
    ),
    gender=small(["", "woman", "Man"]),
    age_range=small(["", "25_34"]),
    culture=small(["", "Catholic"]),
    slots=slots,
    time_zone=zones,
)
candidates = st.builds(
    Candidate,
    supporter_id=st.just(0),
    lived_experience=sets(["grief", "bipolar", "trauma"]),
    languages=sets(["en", "es"]),
    modalities=sets(["chat", "video"]),
    gender=small(["", "woman", "man"]),
    age_range=small(["", "25_34"]),
    is_lgbtq=st.booleans(),
    is_veteran=st.booleans(),
    culture=small(["", "catholic"]),
    slots=slots,
    time_zone=zones,
    free=st.integers(0, 2),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(needs, min_size=1, max_size=4), st.lists(candidates, min_size=1, max_size=4))
def test_the_vectorised_score_is_the_same_score(need_list, candidate_list):
    rows, cols = pack(need_list, candidate_list, AT)
    matrix = score_rows(rows, cols, slice(0, len(need_list)))
    for i, need in enumerate(need_list):
        for j, candidate in enumerate(candidate_list):
            assert abs(matrix[i, j] - compatibility(need, candidate, AT).score) < 1e-6


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda s: st.tuples(
                st.lists(
                    st.lists(
                        st.one_of(st.just(0.0), st.integers(10, 90).map(float)),
                        min_size=s,
                        max_size=s,
                    ),
                    min_size=r,
                    max_size=r,
                ),
                st.lists(st.integers(0, 3), min_size=s, max_size=s),
            )
        )
    )
)
def test_the_sparse_solver_finds_the_dense_optimum(instance):
    rows, free = instance
    scores = np.array(rows, dtype=float)
    edges = {
        (r, s): scores[r, s] for r in range(len(rows)) for s in range(len(free)) if scores[r, s] > 0
    }
    sparse = assign_sparse(edges, len(rows), free)
    counts = np.bincount([s for _, s in sparse], minlength=len(free))
    assert (counts <= np.asarray(free)).all()
    assert abs(objective(scores, sparse) - objective(scores, assign_optimal(scores, free))) < 1e-6
