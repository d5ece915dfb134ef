"""The trained model at run time: a linear model over TF-IDF features, read from a small JSON artefact.

The artefact (model/crisis-tfidf-lr.json.gz, built by `training/train.py`) holds, per feature block, the
vocabulary with each feature's idf and its weight in two logistic regressions: "concern or above" and
"high or above". Scoring needs no scikit-learn: it is a sparse dot product over the words of one message.
The artefact is read once, on first use; nothing is fetched at run time.
"""

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .features import char_grams, tokens, word_grams

ARTEFACT = Path(__file__).parent / "model" / "crisis-tfidf-lr.json.gz"
TARGETS = ("concern", "high")
MAX_MODEL_CHARS = 20_000  # the model scores the start of a longer text; the lexicon reads all of it


@dataclass(frozen=True)
class Scores:
    """Probabilities from the two logistic regressions."""

    concern: float  # P(level is concern or above)
    high: float  # P(level is high or above)


@dataclass(frozen=True)
class Model:
    version: str
    blocks: dict[
        str, dict[str, tuple[float, float, float]]
    ]  # block → feature → (idf, w_concern, w_high)
    intercepts: tuple[float, float]
    thresholds: dict[str, float]

    def __post_init__(self) -> None:
        # A word's character grams that are in the vocabulary, remembered: most words come back often.
        chars = self.blocks["chars"]
        grams = lru_cache(maxsize=100_000)(
            lambda token: tuple(g for g in char_grams(token) if g in chars)
        )
        object.__setattr__(self, "_known_grams", grams)

    def score(self, masked: str) -> Scores:
        toks = tokens(masked[:MAX_MODEL_CHARS])
        totals = [*self.intercepts]
        words = self.blocks["words"]
        found = {
            "words": [f for f in word_grams(toks) if f in words],
            "chars": [g for token in toks for g in self._known_grams(token)],  # type: ignore[attr-defined]
        }
        for name, features in found.items():
            if features:
                concern, high = _block_score(self.blocks[name], Counter(features))
                totals[0] += concern
                totals[1] += high
        return Scores(concern=_sigmoid(totals[0]), high=_sigmoid(totals[1]))


def _block_score(
    vocabulary: dict[str, tuple[float, float, float]], counts: Counter[str]
) -> tuple[float, float]:
    """One block's share of both decision values: sublinear tf × idf, L2-normalised, dot the weights."""
    concern = high = square = 0.0
    for feature, n in counts.items():
        idf, w_concern, w_high = vocabulary[feature]
        weight = idf if n == 1 else (1.0 + math.log(n)) * idf
        square += weight * weight
        concern += weight * w_concern
        high += weight * w_high
    norm = math.sqrt(square)
    return concern / norm, high / norm


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


def from_dict(data: dict[str, Any]) -> Model:
    blocks = {
        name: {f: (v[0], v[1], v[2]) for f, v in zip(b["features"], b["values"], strict=True)}
        for name, b in data["blocks"].items()
    }
    concern, high = data["intercepts"]
    return Model(
        version=data["version"],
        blocks=blocks,
        intercepts=(concern, high),
        thresholds=data["thresholds"],
    )


@cache
def load(path: Path = ARTEFACT) -> Model:
    """The shipped model, read once."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return from_dict(json.load(f))
