"""Units from minutes, by a payer's unit rule: a pure function, never a number someone types.

CMS's 8-minute rule (Claims Processing Manual 100-04 ch. 5 §20.2) is the `midpoint` rounding with 15-minute
units and an 8-minute first unit: 8–22 min = 1 unit, 23–37 = 2, 38–52 = 3. Medicaid programs choose their
own rule (DOMAIN.md §3): the midpoint, full units only, any part of a unit, and whether a day's minutes are
added up before rounding (`aggregate_per_day`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

MIDPOINT = (
    "midpoint"  # the first unit at `min_minutes_first_unit`, each next one at its own midpoint
)
FULL = "full"  # only whole units (15 min = 1, 29 min = 1)
ANY_PART = "any_part"  # any part of a unit, past the first unit's minimum, counts as one more


@dataclass(frozen=True)
class UnitRule:
    minutes_per_unit: int = 15
    min_minutes_first_unit: int = 8
    rounding: str = MIDPOINT
    aggregate_per_day: bool = False
    max_units_per_day: int | None = None


def units_for(minutes: int, rule: UnitRule) -> int:
    """How many units `minutes` of service are under `rule` (0: too short to bill)."""
    per = rule.minutes_per_unit
    if minutes <= 0 or minutes < rule.min_minutes_first_unit:
        return 0
    if rule.rounding == FULL:
        return minutes // per
    if rule.rounding == ANY_PART:
        return max(1, -(-minutes // per))
    # midpoint: past the first unit, each further unit starts where the first one's minimum falls in it
    return 1 + (minutes - rule.min_minutes_first_unit) // per


@dataclass(frozen=True)
class Session:
    """One encounter's billable minutes, for one person, on one day, under one service (`key`)."""

    ref: Hashable  # e.g. the note's id
    key: Hashable  # what a day's units are counted for: (member, service)
    day: datetime.date
    minutes: int


@dataclass
class DayUnits:
    key: Hashable
    day: datetime.date
    minutes: int
    units: int
    refs: list[Hashable]
    over_limit: bool


def units_by_day(sessions: Iterable[Session], rule: UnitRule) -> list[DayUnits]:
    """Each (key, day)'s units: the day's minutes added up then rounded when the rule aggregates, else
    each session rounded on its own and summed. `over_limit` when the day passes `max_units_per_day`."""
    days: dict[tuple[Hashable, datetime.date], list[Session]] = defaultdict(list)
    for session in sessions:
        days[(session.key, session.day)].append(session)
    out = []
    for (key, day), group in days.items():
        minutes = sum(s.minutes for s in group)
        if rule.aggregate_per_day:
            units = units_for(minutes, rule)
        else:
            units = sum(units_for(s.minutes, rule) for s in group)
        limit = rule.max_units_per_day
        out.append(
            DayUnits(
                key=key,
                day=day,
                minutes=minutes,
                units=units,
                refs=[s.ref for s in group],
                over_limit=limit is not None and units > limit,
            )
        )
    out.sort(key=lambda d: (str(d.key), d.day))
    return out
