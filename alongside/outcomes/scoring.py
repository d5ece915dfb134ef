"""Exact scoring of the outcome measures (DOMAIN.md §4): pure functions, no database, no Django models.

`score(code, answers)` takes one answer per item, in item order, each an int or None (skipped). It
returns a `Score` whose `total` is an int (for WHO-5 the 0–100 percentage, raw × 4), whose `band` is the
instrument's band name (None when any answer is missing or the instrument has no validated bands), and
whose `flags` is a set of strings:

- ``self_harm``: PHQ-9 item 9 is above zero, whatever the total. The safety work consumes this flag.
- ``incomplete``: at least one answer is None. The total is then the sum of the answers given, and the
  band is None: a partial sum must never be read as a band.

A wrong number of answers, or an answer outside the item's range, raises ValueError naming the item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

SELF_HARM = "self_harm"
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Scale:
    """How one instrument is scored: item count and range, and the bands on its total."""

    code: str
    items: int
    low: int
    high: int
    # (band, lowest total in it), highest band first; the first band whose floor the total reaches wins.
    bands_from: tuple[tuple[str, int], ...] = ()
    # (band, highest total in it), lowest band first; for scales whose cut-offs are written as "at most".
    bands_upto: tuple[tuple[str, int], ...] = ()
    multiplier: int = 1
    reverse_items: frozenset[int] = frozenset()  # 1-based
    subscales: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (name, 1-based items)
    scored_items: tuple[int, ...] | None = None  # 1-based; None = every item counts


SCALES: dict[str, Scale] = {
    scale.code: scale
    for scale in (
        Scale(
            "phq9",
            items=9,
            low=0,
            high=3,
            bands_from=(
                ("severe", 20),
                ("moderately severe", 15),
                ("moderate", 10),
                ("mild", 5),
                ("minimal", 0),
            ),
        ),
        Scale(
            "gad7",
            items=7,
            low=0,
            high=3,
            bands_from=(("severe", 15), ("moderate", 10), ("mild", 5), ("minimal", 0)),
        ),
        Scale(
            "who5",
            items=5,
            low=0,
            high=5,
            multiplier=4,
            bands_upto=(("likely depression", 28), ("poor well-being", 50), ("good", 100)),
        ),
        Scale("barc10", items=10, low=1, high=6, bands_from=(("strong", 47), ("building", 10))),
        # Scoring only: a program loads the item text itself (licences: DOMAIN.md §4). No bands exist.
        Scale(
            "ahs",
            items=12,
            low=1,
            high=8,
            subscales=(("pathways", (1, 4, 6, 8)), ("agency", (2, 9, 10, 12))),
            scored_items=(1, 2, 4, 6, 8, 9, 10, 12),  # 3, 5, 7 and 11 are fillers
        ),
        Scale("hhi", items=12, low=1, high=4, reverse_items=frozenset({3, 6})),
        Scale("ras_r", items=24, low=1, high=5),
    )
}
CODES = ("phq9", "gad7", "who5", "barc10")  # the instruments whose item text Alongside ships


@dataclass(frozen=True)
class Score:
    """The result of scoring one set of answers."""

    code: str
    total: int
    band: str | None
    flags: frozenset[str] = field(default_factory=frozenset)
    raw: int = 0  # the plain sum before any multiplier (WHO-5: 0–25)
    answered: int = 0
    subscales: dict[str, int] = field(default_factory=dict)
    lowest: int | None = None  # the lowest answer given, for WHO-5's "any item at 0 or 1"

    @property
    def is_complete(self) -> bool:
        return INCOMPLETE not in self.flags

    @property
    def offers_phq9(self) -> bool:
        """WHO-5: low well-being (raw < 13) or any item at 0–1 suggests offering the PHQ-9 next."""
        low_item = self.lowest is not None and self.lowest <= 1
        return self.code == "who5" and self.is_complete and (self.raw < 13 or low_item)

    @property
    def is_positive_screen(self) -> bool:
        """GAD-7 at 10 or more is a positive screen for anxiety worth talking about."""
        return self.code == "gad7" and self.is_complete and self.total >= 10


def _check(scale: Scale, answers: Sequence[int | None]) -> list[int | None]:
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ValueError(f"{scale.code}: answers must be a list of {scale.items} numbers.")
    if len(answers) < scale.items:
        raise ValueError(
            f"{scale.code}: item {len(answers) + 1} is missing "
            f"(expected {scale.items} answers, got {len(answers)})."
        )
    if len(answers) > scale.items:
        raise ValueError(
            f"{scale.code}: item {scale.items + 1} is not part of {scale.code} "
            f"(expected {scale.items} answers, got {len(answers)})."
        )
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError(f"{scale.code}: item {number} must be a whole number, not {answer!r}.")
        if not scale.low <= answer <= scale.high:
            raise ValueError(
                f"{scale.code}: item {number} must be between {scale.low} and {scale.high}, "
                f"not {answer}."
            )
    return list(answers)


def _band(scale: Scale, total: int) -> str | None:
    for name, floor in scale.bands_from:
        if total >= floor:
            return name
    for name, ceiling in scale.bands_upto:
        if total <= ceiling:
            return name
    return None


def score(code: str, answers: Sequence[int | None]) -> Score:
    """Score one instrument's answers exactly as DOMAIN.md §4 gives (see the module docstring)."""
    scale = SCALES.get(code)
    if scale is None:
        raise ValueError(f"Unknown instrument {code!r}; known: {', '.join(sorted(SCALES))}.")
    checked = _check(scale, answers)
    values: dict[int, int] = {}
    for number, answer in enumerate(checked, start=1):
        if answer is not None:
            values[number] = (
                scale.low + scale.high - answer if number in scale.reverse_items else answer
            )
    counted = scale.scored_items or tuple(range(1, scale.items + 1))
    raw = sum(values.get(number, 0) for number in counted)
    flags = set()
    if any(answer is None for answer in checked):
        flags.add(INCOMPLETE)
    if code == "phq9" and (checked[8] or 0) > 0:
        flags.add(SELF_HARM)  # item 9 counts on its own, whatever the total
    total = raw * scale.multiplier
    return Score(
        code=code,
        total=total,
        band=None if INCOMPLETE in flags else _band(scale, total),
        flags=frozenset(flags),
        raw=raw,
        answered=len(values),
        subscales={
            name: sum(values.get(number, 0) for number in items) for name, items in scale.subscales
        },
        lowest=min((a for a in checked if a is not None), default=None),
    )
