"""The same compatibility score and assignment, for thousands of requests at once.

`score_rows` computes `compatibility()` for every pair with NumPy, each person's sets packed into bit
masks (topics, languages, ways of meeting, and the 168 UTC hours of the week in three 64-bit words);
a test checks it agrees with `compatibility()` pair by pair. `assign_sparse` then solves the same
problem as `assignment.assign_optimal` on a sparse graph: each request keeps its `keep` best
supporters plus any edge in `include` (the benchmark passes the greedy answer, so the result can
never be worse than greedy), each supporter one column per free place, and each request one
"unassigned" column; SciPy's LAPJVsp finds the minimum-cost full matching. With `keep` at least the
number of supporters nothing is pruned and the answer is exactly optimal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .assignment import BALANCE, Pairs
from .compatibility import (
    BASE,
    LANGUAGE,
    LIVED_EXPERIENCE,
    MODALITY,
    NICE_TRAIT,
    TIME,
    Candidate,
    Need,
    hours_of,
)
from .models import Trait, Want

Array = NDArray[np.int64]


def _bits(values: frozenset[str], index: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= 1 << index.setdefault(value, len(index))
    return mask


def _hour_words(hours: frozenset[int]) -> tuple[int, int, int]:
    words = [0, 0, 0]
    for hour in hours:
        words[hour // 64] |= 1 << (hour % 64)
    return words[0], words[1], words[2]


@dataclass
class Packed:
    """One side (requests or supporters) as arrays; `code` columns hold strings as small integers."""

    topics: Array
    languages: Array
    modalities: Array
    hours: NDArray[np.uint64]  # (n, 3)
    hour_count: Array
    gender: Array
    age_range: Array
    culture: Array
    extra: dict[str, NDArray[np.bool_]]


def pack(
    needs: Sequence[Need], candidates: Sequence[Candidate], at: datetime
) -> tuple[Packed, Packed]:
    """Both sides packed with shared vocabularies, so equal strings get equal bits and codes."""
    vocab: dict[str, dict[str, int]] = {k: {} for k in ("t", "l", "m", "g", "a", "c")}

    def code(kind: str, value: str) -> int:
        return vocab[kind].setdefault(value.casefold(), len(vocab[kind]) + 1) if value else 0

    def side(people: Sequence[Need] | Sequence[Candidate], topics_of: str) -> Packed:
        hours = [hours_of(p.slots, p.time_zone, at) for p in people]
        return Packed(
            topics=np.array([_bits(getattr(p, topics_of), vocab["t"]) for p in people], np.int64),
            languages=np.array([_bits(p.languages, vocab["l"]) for p in people], np.int64),
            modalities=np.array([_bits(p.modalities, vocab["m"]) for p in people], np.int64),
            hours=np.array([_hour_words(h) for h in hours], np.uint64).reshape(len(people), 3),
            hour_count=np.array([len(h) for h in hours], np.int64),
            gender=np.array([code("g", p.gender) for p in people], np.int64),
            age_range=np.array([code("a", p.age_range) for p in people], np.int64),
            culture=np.array([code("c", p.culture) for p in people], np.int64),
            extra={},
        )

    rows = side(needs, "topics")
    for trait in Trait.values:
        for want in Want.values:
            rows.extra[f"{want}:{trait}"] = np.array(
                [dict(n.wants).get(trait) == want for n in needs], np.bool_
            )
    rows.extra["required"] = np.array([n.language_required for n in needs], np.bool_)
    cols = side(candidates, "lived_experience")
    cols.extra["lgbtq"] = np.array([c.is_lgbtq for c in candidates], np.bool_)
    cols.extra["veteran"] = np.array([c.is_veteran for c in candidates], np.bool_)
    cols.extra["free"] = np.array([c.free > 0 for c in candidates], np.bool_)
    return rows, cols


def _shares(trait: str, r: Packed, c: Packed, rows: slice) -> NDArray[np.bool_]:
    def same(a: Array, b: Array) -> NDArray[np.bool_]:
        found: NDArray[np.bool_] = (a[rows, None] == b[None, :]) & (a[rows, None] != 0)
        return found

    match trait:
        case Trait.LIVED_EXPERIENCE:
            overlap: NDArray[np.bool_] = (r.topics[rows, None] & c.topics[None, :]) != 0
            return overlap
        case Trait.GENDER:
            return same(r.gender, c.gender)
        case Trait.AGE_RANGE:
            return same(r.age_range, c.age_range)
        case Trait.CULTURE:
            return same(r.culture, c.culture)
        case Trait.LGBTQ:
            return np.broadcast_to(
                c.extra["lgbtq"][None, :], (rows.stop - rows.start, len(c.gender))
            )
    return np.broadcast_to(c.extra["veteran"][None, :], (rows.stop - rows.start, len(c.gender)))


def score_rows(r: Packed, c: Packed, rows: slice) -> NDArray[np.float64]:
    """`compatibility()` scores of requests `rows` against every supporter; 0 where not feasible."""
    n = rows.stop - rows.start
    feasible = np.broadcast_to(c.extra["free"][None, :], (n, len(c.gender))).copy()
    shares = {trait: _shares(trait, r, c, rows) for trait in Trait.values}
    for trait in Trait.values:
        feasible &= ~(r.extra[f"must:{trait}"][rows, None] & ~shares[trait])
    common_language = (r.languages[rows, None] & c.languages[None, :]) != 0
    required = r.extra["required"][rows] & (r.languages[rows] != 0)
    feasible &= ~(required[:, None] & ~common_language)
    overlap = np.zeros((n, len(c.gender)), np.int64)
    for word in range(3):
        overlap += np.bitwise_count(r.hours[rows, word, None] & c.hours[None, :, word])
    need_hours = r.hour_count[rows, None]
    feasible &= ~((need_hours > 0) & (c.hour_count[None, :] > 0) & (overlap == 0))

    score = np.full((n, len(c.gender)), BASE)
    score += LANGUAGE * (common_language & ~r.extra["required"][rows, None])
    score += LIVED_EXPERIENCE * shares[Trait.LIVED_EXPERIENCE]
    for trait in sorted(Trait.values):
        score += NICE_TRAIT * (r.extra[f"nice:{trait}"][rows, None] & shares[trait])
    score += MODALITY * ((r.modalities[rows, None] & c.modalities[None, :]) != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score += np.where(overlap > 0, TIME * overlap / np.maximum(need_hours, 1), 0.0)
    return np.where(feasible, np.round(score, 4), 0.0)


def chunks(n_rows: int, size: int = 500) -> Iterator[slice]:
    for start in range(0, n_rows, size):
        yield slice(start, min(start + size, n_rows))


def assign_sparse(edges: dict[tuple[int, int], float], n_rows: int, free: Sequence[int]) -> Pairs:
    """A maximum-objective assignment over the given edges (request, supporter) → score.

    The graph is built with places as rows and requests as columns (plus one "stays empty" column per
    place): LAPJVsp then augments from the fewer side, about twice as fast here as the other way round.
    """
    if not edges:
        return []
    keys = np.array(list(edges), np.int64).reshape(-1, 2)
    requests, supporters = keys[:, 0], keys[:, 1]
    scores = np.fromiter(edges.values(), np.float64, len(edges))
    wanting = np.bincount(supporters, minlength=len(free))
    places = np.clip(np.minimum(np.asarray(free, np.int64), wanting), 0, None)
    first = np.concatenate([[0], np.cumsum(places)[:-1]])
    n_places = int(places.sum())
    if n_places == 0:
        return []
    top = BASE + LANGUAGE + LIVED_EXPERIENCE + NICE_TRAIT * len(Trait.values) + MODALITY + TIME + 1
    data, rows, cols = [], [], []
    for k in range(int(places.max())):
        gain = scores - BALANCE * k
        keep = (places[supporters] > k) & (gain > 0)
        data.append(top - gain[keep])  # every cost positive: LAPJVsp treats missing as "no edge"
        rows.append(first[supporters[keep]] + k)
        cols.append(requests[keep])
    data.append(np.full(n_places, top))  # each place may stay empty
    rows.append(np.arange(n_places))
    cols.append(n_rows + np.arange(n_places))
    graph = csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_places, n_rows + n_places),
    )
    matched_places, matched_requests = min_weight_full_bipartite_matching(graph)
    owner = np.repeat(np.arange(len(free)), places)
    return sorted(
        (int(request), int(owner[place]))
        for place, request in zip(matched_places, matched_requests, strict=True)
        if request < n_rows
    )
