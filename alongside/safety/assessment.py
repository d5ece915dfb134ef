"""The assessment every piece of text receives before anyone else sees it.

`assess(text)` reads the text with the curated lexicon (`lexicon/`) and scores it with the trained model
(`model.py`), then combines them by these rules (docs/safety.md explains why):
1. The lexicon's level stands: it is the only source of `imminent`, which needs explicit words (a plan,
   a means or a time, an act under way, danger now).
2. Idioms are masked before either detector looks, so "this homework is killing me" scores nothing.
3. The model may raise a text to `high` when it is confident and the lexicon found no cue at all; where
   the lexicon found a cue it has read its context (negated, told as history, about someone else), so
   the model may raise the text only to `concern`.
4. The model may raise a text to `concern` when it is fairly confident.
5. The model adds nothing to general talk about the topic ("our group discussed suicide prevention") or
   to what the lexicon set aside on purpose (a joke threat, recovery news).
"""

import logging
from dataclasses import dataclass, field
from functools import cache

from . import lexicon
from .levels import Level
from .model import Model, Scores, load

__all__ = ["Assessment", "Level", "assess"]

logger = logging.getLogger(__name__)

MODEL_HIGH = (
    "The model finds the wording close to messages about current suicidal thinking or self-harm."
)
MODEL_CONCERN = "The model finds the wording close to messages from people who are struggling."


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: list[str] = field(default_factory=list)
    model_version: str = "seam-0"


def assess(text: str) -> Assessment:
    """Assess one text (a message, post, note or check-in) for risk; fast enough for the send path."""
    model = _model()
    version = f"{lexicon.VERSION}+{model.version if model else 'no-model'}"
    if not text or not text.strip():
        return Assessment(level=Level.NONE, model_version=version)
    reading = lexicon.read(text)
    level, reasons = reading.level, _reasons(reading.signals)
    if model is not None:
        raised = _raise_by_model(reading, model.score(reading.masked), model.thresholds)
        if raised is not None and raised[0].rank > level.rank:
            level = raised[0]
            reasons.append(raised[1])
    return Assessment(level=level, reasons=reasons, model_version=version)


def _raise_by_model(
    reading: lexicon.Reading, scores: Scores, thresholds: dict[str, float]
) -> tuple[Level, str] | None:
    if reading.general_talk or reading.dismissed:
        return None
    if scores.high >= thresholds["high"]:
        # Where the lexicon found a cue it has judged the context the model cannot see.
        return (Level.CONCERN, MODEL_CONCERN) if reading.signals else (Level.HIGH, MODEL_HIGH)
    if scores.concern >= thresholds["concern"]:
        return Level.CONCERN, MODEL_CONCERN
    return None


def _reasons(signals: list[lexicon.Signal]) -> list[str]:
    """Each distinct reason once, the most serious first."""
    ordered = sorted(signals, key=lambda s: -s.level.rank)
    return list(dict.fromkeys(s.reason for s in ordered if s.reason))


@cache
def _model() -> Model | None:
    try:
        return load()
    except (OSError, ValueError, KeyError):
        # A missing or broken artefact is a packaging bug; the lexicon alone still guards the path.
        logger.exception(
            "safety: the crisis model could not be loaded; assessing with the lexicon only"
        )
        return None
