"""Encounters from group meetings and chat conversations, recorded after the fact (a background task,
and on demand when a supporter opens the notes queue). Idempotent: the same meeting or chat day is the
same encounter, updated if its times changed.

**Active chat time** (the rule, also in docs/records.md). A chat encounter is one supporter, one member,
one day in the program's time zone. Its messages (both people's) are split into *spans* wherever two
messages are `GAP` (10 minutes) or more apart. A span counts only if the supporter wrote in it (a member
writing while nobody answers is not support time). Each counted span is its first to its last message
plus `ALLOWANCE` (2 minutes: reading the first message, writing the last). The day's active minutes are
the counted seconds rounded up to whole minutes; the encounter runs from the first counted message to the
last plus the allowance.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.conversations.selectors import chat_times_of
from alongside.groups.selectors import meetings_held_by

from .models import Encounter, Modality, Source

GAP = timedelta(minutes=10)
ALLOWANCE = timedelta(minutes=2)
LOOKBACK = timedelta(days=14)  # how far back a sweep looks for chats and meetings


@dataclass(frozen=True)
class ActiveTime:
    """The measured part of a chat day: from, to, and the minutes actually spent."""

    started_at: datetime
    ended_at: datetime
    minutes: int


def active_time(messages: Sequence[tuple[datetime, bool]]) -> ActiveTime | None:
    """Apply the rule above to one day's messages, (sent at, by the supporter), in any order. None when
    no span has a message from the supporter."""
    spans: list[list[tuple[datetime, bool]]] = []
    for sent in sorted(messages):
        if spans and sent[0] - spans[-1][-1][0] < GAP:
            spans[-1].append(sent)
        else:
            spans.append([sent])
    counted = [s for s in spans if any(by_supporter for _at, by_supporter in s)]
    if not counted:
        return None
    seconds = sum((s[-1][0] - s[0][0] + ALLOWANCE).total_seconds() for s in counted)
    return ActiveTime(
        started_at=counted[0][0][0],
        ended_at=counted[-1][-1][0] + ALLOWANCE,
        minutes=math.ceil(seconds / 60),
    )


@dataclass(frozen=True)
class Wanted:
    """An encounter as it should be recorded."""

    source: str
    source_id: str
    modality: str
    started_at: datetime
    ended_at: datetime
    members: tuple[int, ...]
    place: str = ""
    active_minutes: int | None = None


def _chat_days(supporter: User, program: Program, since: datetime, now: datetime) -> list[Wanted]:
    zone = zoneinfo.ZoneInfo(program.time_zone)
    days: dict[tuple[int, int, date], list[tuple[datetime, bool]]] = defaultdict(list)
    for conversation_id, member_id, sent_at, by_supporter in chat_times_of(
        supporter, since=since, until=now, program=program
    ):
        days[conversation_id, member_id, sent_at.astimezone(zone).date()].append(
            (sent_at, by_supporter)
        )
    wanted = []
    for (conversation_id, member_id, day), messages in days.items():
        measured = active_time(messages)
        if measured is None:
            continue
        wanted.append(
            Wanted(
                source=Source.CONVERSATION,
                source_id=f"{conversation_id}:{member_id}:{day.isoformat()}",
                modality=Modality.CHAT,
                started_at=measured.started_at,
                ended_at=measured.ended_at,
                members=(member_id,),
                active_minutes=measured.minutes,
            )
        )
    return wanted


def _meetings(supporter: User, program: Program, since: datetime, now: datetime) -> list[Wanted]:
    return [
        Wanted(
            source=Source.GROUP_MEETING,
            source_id=str(held.meeting.pk),
            modality=Modality.GROUP,
            started_at=held.started_at,
            ended_at=held.ended_at,
            members=tuple(sorted(a.pk for a in held.attendees)),
            place=held.meeting.group.place,
        )
        for held in meetings_held_by(supporter, since=since, now=now)
        if held.ended_at > held.started_at and held.meeting.group.program_id == program.pk
    ]


def _same(encounter: Encounter, wanted: Wanted) -> bool:
    return (
        encounter.started_at == wanted.started_at
        and encounter.ended_at == wanted.ended_at
        and encounter.active_minutes == wanted.active_minutes
        and tuple(sorted(p.pk for p in encounter.participants.all())) == wanted.members
    )


def record_recent_for(
    supporter: User, *, program: Program | None = None, now: datetime | None = None
) -> int:
    """Record (or bring up to date) `supporter`'s chat days and group meetings of the last `LOOKBACK`
    in `program` (by default the supporter's current one; a supporter in several programs has each
    one's encounters recorded in it). Reads in a fixed number of queries and writes only what is new or
    changed, so calling it on every visit to the notes queue is cheap. Returns how many encounters were
    written."""
    from .services import record_encounter

    program = program or standing(supporter).program
    if program is None:
        return 0
    now = now or timezone.now()
    since = now - LOOKBACK
    wanted = _chat_days(supporter, program, since, now) + _meetings(supporter, program, since, now)
    if not wanted:
        return 0
    known = {
        (e.source, e.source_id): e
        for e in Encounter.objects.filter(
            supporter=supporter,
            source__in=[Source.CONVERSATION, Source.GROUP_MEETING],
            source_id__in=[w.source_id for w in wanted],
        ).prefetch_related("participants")
    }
    written = 0
    people = {u.pk: u for u in User.objects.filter(pk__in={m for w in wanted for m in w.members})}
    for want in wanted:
        found = known.get((want.source, want.source_id))
        if found is not None and _same(found, want):
            continue
        record_encounter(
            program=program,
            supporter=supporter,
            members=[people[m] for m in want.members],
            modality=want.modality,
            started_at=want.started_at,
            ended_at=want.ended_at,
            source=want.source,
            source_id=want.source_id,
            place=want.place,
            active_minutes=want.active_minutes,
        )
        written += 1
    return written


def record_recent_in(program: Program, *, now: datetime | None = None) -> int:
    """The sweep: every supporter of the program, as `record_recent_for`."""
    supporters = User.objects.filter(
        memberships__program=program, memberships__role=Role.SUPPORTER, is_active=True
    ).distinct()
    return sum(record_recent_for(s, program=program, now=now) for s in supporters)
