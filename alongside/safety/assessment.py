"""The assessment every piece of text receives before anyone else sees it.

`assess(text, context=...)` reads the text with the curated lexicon (`lexicon/`) and scores it with the
trained model (`model.py`), then combines them (`decide`, which training uses too, so the thresholds are
chosen for exactly this combination; docs/safety.md explains why):
1. Idioms are masked before either detector looks, so "this homework is killing me" scores nothing.
2. The model says a level from its probabilities: imminent, high or concern at or above each
   threshold, each language with its own thresholds (the model also says which language it reads).
   It reads the text alone, and also with the writer's recent messages (`context`): the context can
   raise the level only if the text adds to it ("i'm at the station" then "the next one comes in 8
   minutes"), never by itself (a calm message after a crisis message is still calm).
3. The lexicon is a net for explicit cues: the higher of the two levels stands. (Its old veto, that the
   model may not raise what the lexicon read as general talk or a joke, cost 4-7 points of recall on
   messages by authors the model had not met, so it is gone: a missed crisis costs more.)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import lexicon
from .levels import Level
from .lexicon import gettext_noop
from .model import Model, Scores, Unreadable, active

__all__ = ["Assessment", "Level", "assess", "assess_with", "decide"]

logger = logging.getLogger(__name__)

MODEL_REASONS = {
    Level.IMMINENT: gettext_noop(
        "The model finds the wording close to messages where someone has a plan, "
        "the means or a time, or has already begun."
    ),
    Level.HIGH: gettext_noop(
        "The model finds the wording close to messages about current suicidal thinking, "
        "self-harm or harm to others."
    ),
    Level.CONCERN: gettext_noop(
        "The model finds the wording close to messages from people who are struggling."
    ),
}
CONTEXT_REASON = gettext_noop(
    "Read together with their messages just before, this one adds to the worry."
)
MAX_CONTEXT = 3  # earlier messages read with a text
MAX_CONTEXT_CHARS = 2_000  # of each


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: list[str] = field(default_factory=list)
    model_version: str = "seam-0"


def assess(text: str, *, context: Sequence[str] = ()) -> Assessment:
    """Assess one text (a message, post, note or check-in) for risk; fast enough for the send path.
    `context`: the same writer's recent messages in that conversation or room, oldest first."""
    return assess_with(_model(), text, context=context)


def assess_with(model: Model | None, text: str, *, context: Sequence[str] = ()) -> Assessment:
    """`assess` with a given model (retraining compares a new model with the one in use)."""
    version = f"{lexicon.VERSION}+{model.version if model else 'no-model'}"
    if not text or not text.strip():
        return Assessment(level=Level.NONE, model_version=version)
    reading = lexicon.read(text)
    reasons = _reasons(reading.signals)
    if model is None:
        return Assessment(level=reading.level, reasons=reasons, model_version=version)
    context = [c[:MAX_CONTEXT_CHARS] for c in context if c and c.strip()][-MAX_CONTEXT:]
    alone = model.score(reading.masked)
    scores = {"text": _as_dict(alone)}
    if context:
        scores["window"] = _as_dict(model.score(lexicon.mask(window(text, context))[0]))
        scores["context"] = _as_dict(model.score(lexicon.mask(window("", context))[0]))
    level, why = _combine(reading, scores, model.thresholds_for(alone))
    if why:
        reasons.append(why)
    return Assessment(level=level, reasons=reasons, model_version=version)


def window(text: str, context: Sequence[str]) -> str:
    """A text read after the writer's earlier messages (training reads it the same way)."""
    return " \n ".join([*context, text])


def decide(
    reading: lexicon.Reading,
    scores: Mapping[str, Mapping[str, float]],
    thresholds: Mapping[str, float],
) -> str:
    """The level of a text from the lexicon's reading and precomputed model scores (`text`, and with
    context `window` and `context`): training chooses thresholds for exactly this combination."""
    return _combine(reading, scores, thresholds)[0].value


def _combine(
    reading: lexicon.Reading,
    scores: Mapping[str, Mapping[str, float]],
    thresholds: Mapping[str, float],
) -> tuple[Level, str | None]:
    said, why = _model_level(scores["text"], thresholds), None
    if "window" in scores and scores["context"]:
        with_context = _model_level(scores["window"], thresholds)
        before = _model_level(scores["context"], thresholds)
        if with_context.rank > max(before.rank, said.rank):
            said, why = with_context, CONTEXT_REASON
    if said.rank <= reading.level.rank:
        return reading.level, None
    return said, why or MODEL_REASONS[said]


def _model_level(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> Level:
    # "High or above" is part of "concern or above": the three regressions are trained apart, and on a
    # short text one word can push P(high) past P(concern) ("hello there!"). Read them in order.
    if min(scores["high"], scores["concern"]) >= thresholds["high"]:
        return Level.IMMINENT if scores["imminent"] >= thresholds["imminent"] else Level.HIGH
    if scores["concern"] >= thresholds["concern"]:
        return Level.CONCERN
    return Level.NONE


def _as_dict(scores: Scores) -> dict[str, float]:
    return {
        "concern": scores.concern,
        "high": scores.high,
        "imminent": scores.imminent,
        "spanish": scores.spanish,
    }


def _reasons(signals: list[lexicon.Signal]) -> list[str]:
    """Each distinct reason once, the most serious first."""
    ordered = sorted(signals, key=lambda s: -s.level.rank)
    return list(dict.fromkeys(s.reason for s in ordered if s.reason))


def _model() -> Model | None:
    try:
        return active()
    except Unreadable:
        return None  # logged when it first failed
    except (OSError, ValueError, KeyError):
        # A missing or broken artefact is a packaging bug; the lexicon alone still guards the path.
        logger.exception(
            "safety: the crisis model could not be loaded; assessing with the lexicon only"
        )
        return None
