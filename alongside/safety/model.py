"""The trained model at run time: linear models over TF-IDF features, read from a small JSON artefact.

The artefact (model/crisis-tfidf-lr.json.gz, built by `training/train.py`) holds, per feature block, the
vocabulary with each feature's idf and its weight in four logistic regressions: "concern or above",
"high or above", "imminent", and "Spanish" (which language's thresholds apply). Scoring needs no
scikit-learn: it is a sparse dot product over the words of one message. The artefact is read once, on
first use; nothing is fetched at run time.

A model retrained here from staff labels (`alongside safety retrain`) lives in the data directory and is
used only once an administrator has confirmed it: `active()` follows the pointer file that the
confirmation writes, and falls back to the shipped artefact.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .features import char_grams, tokens, word_grams

logger = logging.getLogger(__name__)

ARTEFACT = Path(__file__).parent / "model" / "crisis-tfidf-lr.json.gz"
TARGETS = ("concern", "high", "imminent", "spanish")
MAX_MODEL_CHARS = 20_000  # the model scores the start of a longer text; the lexicon reads all of it


@dataclass(frozen=True)
class Scores:
    """Probabilities from the four logistic regressions."""

    concern: float  # P(level is concern or above)
    high: float  # P(level is high or above)
    imminent: float  # P(level is imminent)
    spanish: float  # P(the text is Spanish): each language has its own thresholds


@dataclass(frozen=True)
class Model:
    version: str
    blocks: dict[str, dict[str, tuple[float, ...]]]  # block → feature → (idf, weight per target)
    intercepts: tuple[float, ...]
    thresholds: dict[str, dict[str, float]]  # language → target → threshold

    def thresholds_for(self, scores: Scores) -> dict[str, float]:
        """Each language has its own thresholds; the model's own reading says which applies."""
        return self.thresholds["es" if scores.spanish >= 0.5 else "en"]

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
                for i, value in enumerate(_block_score(self.blocks[name], Counter(features))):
                    totals[i] += value
        return Scores(*(_sigmoid(t) for t in totals))


def _block_score(
    vocabulary: dict[str, tuple[float, ...]], counts: Counter[str]
) -> tuple[float, float, float, float]:
    """One block's share of the decision values: sublinear tf × idf, L2-normalised, dot the weights."""
    concern = high = imminent = spanish = square = 0.0
    for feature, n in counts.items():
        idf, w_concern, w_high, w_imminent, w_spanish = vocabulary[feature]
        weight = idf if n == 1 else (1.0 + math.log(n)) * idf
        square += weight * weight
        concern += weight * w_concern
        high += weight * w_high
        imminent += weight * w_imminent
        spanish += weight * w_spanish
    norm = math.sqrt(square)
    return concern / norm, high / norm, imminent / norm, spanish / norm


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


def from_dict(data: dict[str, Any]) -> Model:
    # An artefact from before the language target (three targets, one set of thresholds) still loads:
    # it reads every text as English and uses its one set of thresholds for both languages.
    missing = len(TARGETS) + 1 - len(next(iter(data["blocks"].values()))["values"][0])
    blocks = {
        name: {f: (*v, *[0.0] * missing) for f, v in zip(b["features"], b["values"], strict=True)}
        for name, b in data["blocks"].items()
    }
    thresholds = data["thresholds"]
    if "en" not in thresholds:
        thresholds = {"en": thresholds, "es": thresholds}
    intercepts = (*data["intercepts"], *[-30.0] * missing)
    return Model(
        version=data["version"], blocks=blocks, intercepts=intercepts, thresholds=thresholds
    )


@cache
def load(path: Path = ARTEFACT) -> Model:
    """A model artefact, read once per path."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return from_dict(json.load(f))


def pointer_file() -> Path:
    """Where an administrator's confirmation of a retrained model is written (`learning.py`)."""
    from django.conf import settings  # lazy: the training script uses this module without Django

    return Path(settings.DATA_DIR) / "safety" / "active-model.json"


_pointer_seen: dict[str, Any] = {"mtime": None, "path": ARTEFACT}


def active() -> Model:
    """The model in use: a confirmed retrained one if its pointer file says so, else the shipped one.
    Costs one `stat` per call, so every process picks up a confirmation on its next message."""
    try:
        pointer = pointer_file()
        mtime = pointer.stat().st_mtime_ns if pointer.exists() else None
    except Exception:  # noqa: BLE001 (no settings outside Django: the shipped model)
        return load()
    if mtime != _pointer_seen["mtime"]:
        _pointer_seen["mtime"] = mtime
        _pointer_seen["path"] = ARTEFACT
        if mtime is not None:
            try:
                chosen = Path(json.loads(pointer.read_text(encoding="utf-8"))["path"])
                load(chosen)  # a broken artefact keeps the shipped model in use
                _pointer_seen["path"] = chosen
            except (OSError, ValueError, KeyError):
                logger.exception("safety: the confirmed crisis model could not be read")
    path = _pointer_seen["path"]
    if path in _unreadable:  # said once; never read again on every message
        raise Unreadable(str(path))
    try:
        return load(path)
    except (OSError, ValueError, KeyError):
        _unreadable.add(path)
        raise


class Unreadable(ValueError):
    """The model in use could not be read before, and was not tried again."""


_unreadable: set[Path] = set()
