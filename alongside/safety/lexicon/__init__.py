"""The curated lexicon: cues in English and Spanish, read in context.

`read(text)` finds every cue in a normalised text and judges it in its sentence and clause:
- idioms are masked first ("this homework is killing me", "me muero de risa"), so they veto the words
  inside them for the lexicon and for the model alike;
- negation in the few words before a cue ("I'm not going to…", "no me voy a…") makes it a concern;
- history ("years ago", "used to", "hace años") makes it a concern, unless the clause says it is
  recent or still going on; with recovery news ("two years clean") it becomes none;
- a cue about someone else ("she wants to die") is a concern, general talk ("our group discussed…",
  "if someone says…") is none;
- current suicidal thinking with a time ("tonight") or a means ("pills", "bridge") is imminent, and so
  is a threat to someone with a time or a weapon.
The cue tables live in `en.py` and `es.py`; docs/safety.md explains how to add one.
"""

import re
from dataclasses import dataclass
from functools import cache

from ..levels import Level
from ..text import clauses, normalise, sentences
from . import en, es


def gettext_noop(message: str) -> str:
    """Marks a reason for makemessages and returns it as is. Django's own needs settings, and the detector
    also runs without them (training, `alongside bench safety`): the reader's language is applied on display
    (`safety.reasons`)."""
    return message


VERSION = "lexicon-1"

# kind → (level when said now about the writer, what a peer supporter reads). The reasons are kept in
# English and shown in the reader's language (`safety.reasons.in_words`): marked for the catalogue here.
KINDS: dict[str, tuple[Level, str]] = {
    "act": (Level.IMMINENT, gettext_noop("Says an act of self-harm or suicide is under way.")),
    "plan": (Level.IMMINENT, gettext_noop("Mentions a plan, preparations or a goodbye.")),
    "danger": (Level.IMMINENT, gettext_noop("Someone is in immediate danger from another person.")),
    "threat_now": (
        Level.IMMINENT,
        gettext_noop("A concrete threat to harm others (a weapon, a place, a time)."),
    ),
    "ideation": (Level.HIGH, gettext_noop("Current thoughts of suicide or of wanting to die.")),
    "passive": (
        Level.HIGH,
        gettext_noop("A current wish to be dead or gone (passive suicidal thinking)."),
    ),
    "self_harm": (Level.HIGH, gettext_noop("Self-harm now, or urges to self-harm.")),
    "voices": (Level.HIGH, gettext_noop("Hears voices telling them to cause harm.")),
    "threat": (Level.HIGH, gettext_noop("Talks about hurting someone else.")),
    "abuse": (
        Level.HIGH,
        gettext_noop("Describes abuse or threats against them that are happening now."),
    ),
    "past": (
        Level.CONCERN,
        gettext_noop("Past suicidal thoughts, self-harm or an attempt, told as history."),
    ),
    "hopeless": (Level.CONCERN, gettext_noop("Hopelessness, without words about dying.")),
    "burden": (Level.CONCERN, gettext_noop("Feels like a burden to others.")),
    "relapse": (Level.CONCERN, gettext_noop("Talks about a relapse.")),
    "discharge": (
        Level.CONCERN,
        gettext_noop("Recently left hospital or crisis care and feels afraid."),
    ),
    "other_at_risk": (
        Level.CONCERN,
        gettext_noop("Worried about someone else who may be at risk."),
    ),
}
EXTRA_REASONS = {
    "imminent_plan": (
        Level.IMMINENT,
        gettext_noop("Current suicidal thinking together with a time or a means."),
    ),
    "imminent_threat": (
        Level.IMMINENT,
        gettext_noop("A threat to hurt someone, with a time or a weapon."),
    ),
    "other_danger": (Level.HIGH, gettext_noop("Someone else may be in danger right now.")),
    "recent_past": (
        Level.HIGH,
        gettext_noop("A suicide attempt or self-harm in the last day or so."),
    ),
    "negated": (
        Level.CONCERN,
        gettext_noop(
            'Talks about suicide or harm in the negative ("I\'m not going to…"); '
            "worth a gentle check-in."
        ),
    ),
    "history": (Level.CONCERN, gettext_noop("Talks about suicide or self-harm as past history.")),
}
# Kinds that are about the writer's own safety: said of someone else they become `other_at_risk`.
SELF_KINDS = {
    "act",
    "plan",
    "ideation",
    "passive",
    "self_harm",
    "past",
    "hopeless",
    "burden",
    "relapse",
    "discharge",
}
THIRD_PERSON = (
    # "he" is also Spanish for "I have" ("he estado juntando…"), so that reading is left out.
    r"\b(?:he(?! (?:estado|sido|tenido|pensado|intentado|vuelto|tomado|hecho|querido|dicho|escrito|"
    r"decidido|comprado|juntado|guardado|perdido|llorado|dejado)\b)|she|they|he's|she's|they're|hes|shes|"
    r"theyre|him|her|them|his|their|el|ella|ellos|ellas|"
    r"(?:my|mi|our|nuestro|nuestra|a|un|una) (?:friend|best friend|sister|brother|mom|mum|mother|dad|"
    r"father|son|daughter|kid|child|cousin|partner|husband|wife|boyfriend|girlfriend|roommate|coworker|classmate|niece|nephew|aunt|"
    r"uncle|client|member|buddy|bf|gf|amig[oa]|mejor amig[oa]|herman[oa]|mama|papa|madre|padre|hij[oa]|"
    r"prim[oa]|"
    r"pareja|espos[oa]|novi[oa]|companer[oa]|tio|tia|sobrin[oa]))\b"
)
FIRST_PERSON = r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|myself|yo|conmigo)\b"


@dataclass(frozen=True)
class Signal:
    """One judged cue: its level, the reason a person reads, and the kind it came from."""

    level: Level
    reason: str
    kind: str
    modified: bool = (
        False  # negated, history, someone else or general talk: the lexicon read the context
    )


# A cue the lexicon read and set aside on purpose (general talk, a joke, recovery news): no level of its
# own, but it keeps the model from raising the text on the same words.
DISMISSED = Signal(level=Level.NONE, reason="", kind="dismissed", modified=True)


@dataclass(frozen=True)
class Reading:
    """What the lexicon made of a text."""

    signals: list[Signal]
    masked: str  # the normalised text with idioms masked: what the model sees
    idioms: int  # how many idioms were masked
    general_talk: bool  # a sentence reads as general talk about the topic

    @property
    def dismissed(self) -> bool:
        """The lexicon set aside every cue it found (general talk, jokes, recovery news)."""
        return bool(self.signals) and all(s is DISMISSED for s in self.signals)

    @property
    def level(self) -> Level:
        return max(
            (s.level for s in self.signals), key=lambda level: level.rank, default=Level.NONE
        )


@dataclass(frozen=True)
class _Compiled:
    cues: list[tuple[str, str, re.Pattern[str]]]
    idioms: re.Pattern[str]
    topic: re.Pattern[str]
    generic: re.Pattern[str]
    negation: re.Pattern[str]
    negation_except: re.Pattern[str]
    history: re.Pattern[str]
    recent: re.Pattern[str]
    current: re.Pattern[str]
    recovery: re.Pattern[str]
    joke: re.Pattern[str]
    time: re.Pattern[str]
    time_now: re.Pattern[str]
    means: re.Pattern[str]
    use: re.Pattern[str]
    resolve: re.Pattern[str]
    third: re.Pattern[str]
    first: re.Pattern[str]


def _either(name: str) -> re.Pattern[str]:
    return re.compile(f"(?:{getattr(en, name)})|(?:{getattr(es, name)})")


@cache
def _compiled() -> _Compiled:
    return _Compiled(
        cues=[(kind, person, re.compile(pattern)) for kind, person, pattern in en.CUES + es.CUES],
        idioms=re.compile("|".join(f"(?:{p})" for p in en.IDIOMS + es.IDIOMS)),
        **{
            name.lower(): _either(name)
            for name in (
                "TOPIC",
                "GENERIC",
                "NEGATION",
                "NEGATION_EXCEPT",
                "HISTORY",
                "RECENT",
                "CURRENT",
                "RECOVERY",
                "JOKE",
                "TIME",
                "TIME_NOW",
                "MEANS",
                "USE",
                "RESOLVE",
            )
        },
        third=re.compile(THIRD_PERSON),
        first=re.compile(FIRST_PERSON),
    )


def mask(text: str) -> tuple[str, int]:
    """The normalised text with idioms replaced by "~" (what the model sees), and how many there were."""
    return _compiled().idioms.subn(" ~ ", normalise(text))


def read(text: str) -> Reading:
    """Judge every cue in `text` (raw or normalised) in its context."""
    lex = _compiled()
    masked, idioms = mask(text)
    signals: list[Signal] = []
    general_talk = False
    for sentence in sentences(masked):
        topic = bool(lex.topic.search(sentence))
        general_talk = general_talk or topic or bool(lex.generic.search(sentence))
        for clause in clauses(sentence):
            signals += _judge_clause(lex, clause, sentence, topic)
    signals += _imminence(lex, masked, signals)
    return Reading(signals=signals, masked=masked, idioms=idioms, general_talk=general_talk)


def _judge_clause(lex: _Compiled, clause: str, sentence: str, topic: bool) -> list[Signal]:
    found = []
    for kind, person, pattern in lex.cues:
        for match in pattern.finditer(clause):
            signal = _judge(lex, kind, person, clause, sentence, match.start(), topic)
            if signal is not None:
                found.append(signal)
    return found


def _judge(
    lex: _Compiled, kind: str, person: str, clause: str, sentence: str, start: int, topic: bool
) -> Signal | None:
    before = clause[:start]
    who = person if person in ("self", "other", "fixed") else _who(lex, before)
    if topic and person == "lookback" and _last(lex.topic, before) >= _last(lex.first, before):
        return DISMISSED  # general talk: "an article about self-harm in teens", "I'm writing a paper on…"
    if who in ("other", "generic") and kind in SELF_KINDS | {
        "other_at_risk",
        "threat",
        "threat_now",
    }:
        if who == "generic" or topic or lex.generic.search(before):
            return DISMISSED  # general talk: "if someone says they want to die"
        told_as_history = lex.history.search(clause)
        urgent = (kind in ("act", "plan") and not told_as_history) or lex.time.search(clause)
        return _signal("other_danger" if urgent else "other_at_risk", modified=True)
    if kind in ("threat", "threat_now") and lex.joke.search(sentence):
        return DISMISSED  # "I'll kill him if he eats my fries lol"
    recovery = bool(lex.recovery.search(sentence))
    if _negated(lex, before, clause[start:]):
        return DISMISSED if recovery else _signal("negated", modified=True)
    if kind in ("self_harm", "past") and _milestone(lex, clause):
        return DISMISSED  # recovery news: "one year free of self-harm today"
    recent = bool(lex.recent.search(clause))
    if kind == "past":
        if recent and not lex.history.search(clause):
            return _signal("recent_past")
        return DISMISSED if recovery else _signal("past", modified=True)
    historical = lex.history.search(clause) or (
        lex.history.search(sentence) and len(clause) == len(sentence)
    )
    if historical and not recent and not lex.current.search(clause):
        return DISMISSED if recovery else _signal("history", modified=True)
    return _signal(kind)


_STILL_GOING = re.compile(
    r"\b(?:again|last night|yesterday|this morning|tonight|urges?|ganas|otra vez|de nuevo|anoche|ayer)\b"
)


def _milestone(lex: _Compiled, clause: str) -> bool:
    return bool(lex.recovery.search(clause)) and not _STILL_GOING.search(clause)


def _signal(kind: str, *, modified: bool = False) -> Signal:
    level, reason = KINDS.get(kind) or EXTRA_REASONS[kind]
    return Signal(level=level, reason=reason, kind=kind, modified=modified)


def _last(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def _who(lex: _Compiled, before: str) -> str:
    """Whom the words after `before` are about: the last subject named wins; none named is the writer."""
    last_first, last_third = _last(lex.first, before), _last(lex.third, before)
    last_generic = _last(lex.generic, before)
    if last_generic > max(last_first, last_third):
        return "generic"
    return "other" if last_third >= last_first and last_third >= 0 else "self"


def _negated(lex: _Compiled, before: str, rest: str) -> bool:
    """A negation among the last four words before the cue, unless it negates something else."""
    window = " ".join(before.split()[-4:])
    for negation in lex.negation.finditer(window):
        if not lex.negation_except.match(window[negation.start() :] + " " + rest[:40]):
            return True
    return False


def _imminence(lex: _Compiled, masked: str, signals: list[Signal]) -> list[Signal]:
    """Current suicidal thinking with a time or a means, or a threat with a time or weapon, is imminent."""
    kinds = {s.kind for s in signals if not s.modified}
    time = bool(lex.time.search(masked))
    means = bool(lex.means.search(masked))
    now = bool(lex.time_now.search(masked))
    extra = []
    resolved = means and (lex.use.search(masked) or lex.resolve.search(masked))
    if ("ideation" in kinds and (time or means)) or ("passive" in kinds and means) or resolved:
        extra.append(_signal("imminent_plan"))
    if "threat" in kinds and (time or means or now):
        extra.append(_signal("imminent_threat"))
    return extra
