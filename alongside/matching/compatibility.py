"""The compatibility score: hard constraints first, then weighted preferences, with plain reasons.

A supporter can be offered to a member only when every hard constraint holds:

1. the supporter has a free place (active members < capacity);
2. neither has blocked the other;
3. every shared characteristic the member marked "must have" is there;
4. when the member said their language is required, the supporter speaks one of their languages;
5. when both gave times, at least one hour of the week overlaps (compared in UTC, so two time zones
   meet correctly).

A feasible pair scores BASE, plus:

- each characteristic the member marked "nice to have" and the supporter shares: NICE_TRAIT;
- lived experience of one of the member's topics, even when not asked for: LIVED_EXPERIENCE;
- a language in common (when not already required): LANGUAGE;
- a way of meeting in common: MODALITY;
- overlapping times: up to TIME, in proportion to the member's hours that the supporter covers.

Every point comes with a reason the member can read ("speaks Spanish"). The score is a plain sum, so
a program can read, question and change it; nothing is learned or hidden.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Language, Topic

from .models import PERIOD_HOURS, Day, Modality, Period, Trait, Want

BASE = 10.0
NICE_TRAIT = 20.0
LIVED_EXPERIENCE = 10.0
LANGUAGE = 15.0
MODALITY = 10.0
TIME = 15.0

WEEKDAYS = frozenset(Day.values[:5])
WEEKEND = frozenset(Day.values[5:])


@dataclass(frozen=True)
class Need:
    """What one member asked for, reduced to what the score reads."""

    member_id: int
    topics: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    language_required: bool = False
    wants: tuple[tuple[str, str], ...] = ()  # (Trait, Want) pairs
    gender: str = ""
    age_range: str = ""
    culture: str = ""
    slots: tuple[str, ...] = ()  # local slot keys such as "mon-evening"
    time_zone: str = "UTC"
    blocked: frozenset[int] = frozenset()  # supporter ids either side has blocked


@dataclass(frozen=True)
class Candidate:
    """One supporter as the score sees them."""

    supporter_id: int
    lived_experience: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    gender: str = ""
    age_range: str = ""
    is_lgbtq: bool = False
    is_veteran: bool = False
    culture: str = ""
    slots: tuple[str, ...] = ()
    time_zone: str = "UTC"
    free: int = 1  # places left: capacity minus active members


@dataclass(frozen=True)
class Reason:
    """One plain reason, kept as a code and an argument so it is translated when shown."""

    code: str
    arg: str = ""

    def __str__(self) -> str:
        return reason_text(self.code, self.arg)


@dataclass(frozen=True)
class Fit:
    score: float  # 0 when not feasible
    reasons: tuple[Reason, ...] = ()
    refused: tuple[str, ...] = field(default=())  # which hard constraints failed

    @property
    def feasible(self) -> bool:
        return not self.refused


def _offset_hours(time_zone: str, at: datetime) -> int:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    offset = at.astimezone(zone).utcoffset()
    return round(offset.total_seconds() / 3600) if offset else 0


# Each slot key's local hours of the week, read once: enum lookups are slow in a loop of thousands.
_SLOT_HOURS = {
    f"{day}-{period}": tuple(index * 24 + hour for hour in PERIOD_HOURS[Period(period)])
    for index, day in enumerate(Day.values)
    for period in Period.values
}


@lru_cache(maxsize=65536)
def week_hours(slots: tuple[str, ...], offset: int) -> frozenset[int]:
    """The UTC hours of the week (0 = Monday 00:00 UTC) that local slot keys cover."""
    return frozenset((hour - offset) % 168 for slot in slots for hour in _SLOT_HOURS.get(slot, ()))


def hours_of(slots: tuple[str, ...], time_zone: str, at: datetime | None = None) -> frozenset[int]:
    return week_hours(tuple(sorted(slots)), _offset_hours(time_zone, at or timezone.now()))


def _shares(trait: str, need: Need, candidate: Candidate) -> bool:
    match trait:
        case Trait.LIVED_EXPERIENCE:
            return bool(need.topics & candidate.lived_experience)
        case Trait.GENDER:
            return bool(need.gender) and need.gender.casefold() == candidate.gender.casefold()
        case Trait.AGE_RANGE:
            return bool(need.age_range) and need.age_range == candidate.age_range
        case Trait.LGBTQ:
            return candidate.is_lgbtq
        case Trait.VETERAN:
            return candidate.is_veteran
        case Trait.CULTURE:
            return bool(need.culture) and need.culture.casefold() == candidate.culture.casefold()
    return False


def compatibility(need: Need, candidate: Candidate, at: datetime | None = None) -> Fit:
    """How well `candidate` fits `need`: 0 with the failed constraints, or a score with reasons."""
    refused = []
    if candidate.free <= 0:
        refused.append("capacity")
    if candidate.supporter_id in need.blocked:
        refused.append("block")
    wants = dict(need.wants)
    for trait, want in wants.items():
        if want == Want.MUST and not _shares(trait, need, candidate):
            refused.append(f"must:{trait}")
    if need.language_required and need.languages and not need.languages & candidate.languages:
        refused.append("language")
    need_hours = hours_of(need.slots, need.time_zone, at)
    candidate_hours = hours_of(candidate.slots, candidate.time_zone, at)
    overlap = need_hours & candidate_hours
    if need_hours and candidate_hours and not overlap:
        refused.append("availability")
    if refused:
        return Fit(score=0.0, refused=tuple(refused))

    score, reasons = BASE, []
    for language in sorted(need.languages & candidate.languages):
        reasons.append(Reason("language", language))
    if need.languages & candidate.languages and not need.language_required:
        score += LANGUAGE
    shared_topics = sorted(need.topics & candidate.lived_experience)
    if shared_topics:
        score += LIVED_EXPERIENCE
        reasons.extend(Reason("lived_experience", topic) for topic in shared_topics)
    for trait, want in sorted(wants.items()):
        if want == Want.NICE and _shares(trait, need, candidate):
            score += NICE_TRAIT
        if trait != Trait.LIVED_EXPERIENCE and _shares(trait, need, candidate):
            reasons.append(Reason(f"trait:{trait}", getattr(candidate, trait, "")))
    modalities = sorted(need.modalities & candidate.modalities)
    if modalities:
        score += MODALITY
        reasons.append(Reason("modality", modalities[0]))
    if overlap:
        score += TIME * len(overlap) / len(need_hours)
        reasons.append(Reason("time", _free_when(need, overlap, at)))
    return Fit(score=round(score, 4), reasons=tuple(reasons))


def _free_when(need: Need, overlap: frozenset[int], at: datetime | None) -> str:
    """The member's own slots that overlap, summed up as "weekday:evening", "weekend:morning" or
    "mon:evening"."""
    offset = _offset_hours(need.time_zone, at or timezone.now())
    days_by_period: dict[str, set[str]] = {}
    for slot in need.slots:
        if week_hours((slot,), offset) & overlap:
            day, _sep, period = slot.partition("-")
            days_by_period.setdefault(period, set()).add(day)
    period, days = max(days_by_period.items(), key=lambda item: (len(item[1]), item[0]))
    if len(days) == 1:
        return f"{next(iter(days))}:{period}"
    if days <= WEEKDAYS:
        return f"weekday:{period}"
    if days <= WEEKEND:
        return f"weekend:{period}"
    return f"any:{period}"


def _label(choices: type[TextChoices], value: str, *, lower: bool = True) -> str:
    label = dict(choices.choices).get(value, value)
    return str(label).lower() if lower else str(label)


def _periods(period: str) -> str:
    names: dict[str, str] = {
        Period.MORNING: _("mornings"),
        Period.AFTERNOON: _("afternoons"),
        Period.EVENING: _("evenings"),
        Period.NIGHT: _("nights"),
    }
    return names.get(period, period)


def reason_text(code: str, arg: str) -> str:
    """The sentence a member reads for one reason, in the language of the page."""
    if code == "language":
        return _("speaks %(language)s") % {"language": _label(Language, arg, lower=False)}
    if code == "lived_experience":
        return _("lived experience with %(topic)s") % {"topic": _label(Topic, arg)}
    if code == "modality":
        return _("meets by %(way)s") % {"way": _label(Modality, arg)}
    if code == "time":
        days, _sep, period = arg.partition(":")
        periods = _periods(period)
        if days == "weekday":
            return _("free on weekday %(periods)s") % {"periods": periods}
        if days == "weekend":
            return _("free on weekend %(periods)s") % {"periods": periods}
        if days in Day.values:
            return _("free on %(day)s %(periods)s") % {"day": Day(days).label, "periods": periods}
        return _("free on %(periods)s") % {"periods": periods}
    return {
        f"trait:{Trait.GENDER}": _("the gender you asked for"),
        f"trait:{Trait.AGE_RANGE}": _("in the age range you asked for"),
        f"trait:{Trait.LGBTQ}": _("LGBTQ+ too"),
        f"trait:{Trait.VETERAN}": _("a veteran too"),
        f"trait:{Trait.CULTURE}": _("shares your culture or faith"),
    }.get(code, code)
