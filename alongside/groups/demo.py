"""Groups for the demo program: five groups of every kind, members, a full group with a waiting list,
people asking to join a closed group, and past meetings with attendance and a note.

All of it is synthetic, seeded so that each demo load is the same.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User

from . import schedule, services
from .models import Attendance, AttendanceHow, Meeting, MeetingNote, Modality, SupportGroup

_GROUPS: list[dict[str, Any]] = [
    {
        "name": "Tuesday evening grief circle",
        "weekday": 1,  # a Tuesday, as its name says
        "topic": "grief",
        "language": "en",
        "modality": Modality.ONLINE,
        "starts_at_time": time(19, 0),
        "frequency": "weekly",
        "capacity": 8,
        "description": "For anyone carrying a loss, recent or long ago. Come and listen, or share.",
        "ground_rules": "What is said here stays here.\nSpeak from your own experience.\n"
        "Passing is always fine.",
    },
    {
        "name": "Círculo de apoyo: ansiedad",
        "topic": "anxiety",
        "language": "es",
        "modality": Modality.ONLINE,
        "starts_at_time": time(18, 30),
        "frequency": "fortnightly",
        "capacity": 10,
        "description": "Un espacio tranquilo para hablar de la ansiedad en español, a tu ritmo.",
        "ground_rules": "Lo que se dice aquí, se queda aquí.\nHablamos desde nuestra experiencia.",
    },
    {
        "name": "Morning check-in by phone",
        "weekday": 0,  # a Monday: "a short call to start the week"
        "topic": "depression",
        "language": "en",
        "modality": Modality.PHONE,
        "starts_at_time": time(9, 0),
        "frequency": "weekly",
        "capacity": 12,
        "dial_in": "+1 555 0142, code 7781 (a demo number)",
        "description": "A short call to start the week gently. Self-run: members take turns leading.",
        "ground_rules": "One person speaks at a time. Mute when you are not speaking.",
        "self_run": True,
    },
    {
        "name": "Recovery café",
        "topic": "substance_use",
        "language": "en",
        "modality": Modality.IN_PERSON,
        "starts_at_time": time(17, 30),
        "frequency": "monthly",
        "capacity": 15,
        "is_closed": True,
        "place": "Riverbend Community Library, Room 2, 40 Mill Street (a demo address)",
        "accessibility": "Step-free entrance on the side street; a quiet room is next door; "
        "the bus stops outside.",
        "description": "Coffee, cake and conversation about recovery. A facilitator meets each "
        "new member first.",
        "ground_rules": "Come as you are. No one is asked to share. Respect every path.",
    },
    {
        "name": "Veterans peer circle",
        "topic": "veterans",
        "language": "en",
        "modality": Modality.ONLINE,
        "starts_at_time": time(20, 0),
        "frequency": "weekly",
        "capacity": 6,
        "is_closed": True,
        "description": "For people who served and the people who love them.",
        "ground_rules": "Respect, honesty, and what is said here stays here.",
    },
]


def _people(program: Program, role: Role) -> list[User]:
    return list(
        User.objects.filter(memberships__program=program, memberships__role=role).order_by("pk")
    )


def _past_meetings(group: SupportGroup, weeks: int = 6) -> list[Meeting]:
    now = timezone.now()
    starts = schedule.occurrences(
        first_on=group.first_meeting_on,
        at=group.starts_at_time,
        time_zone=group.time_zone,
        frequency=group.frequency,
        after=now - timedelta(weeks=weeks),
        until=now - group.duration,
    )
    return Meeting.objects.bulk_create(
        [
            Meeting(
                group=group, starts_at=s, ends_at=s + group.duration, ended_at=s + group.duration
            )
            for s in starts
        ]
    )


def load(program: Program, seed: int = 2026) -> None:
    """The demo program's groups. The demo member is in the grief circle and waiting for the veterans
    circle; the demo supporter facilitates the grief circle and the recovery café."""
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data, not secrets
    members = _people(program, Role.MEMBER)
    supporters = _people(program, Role.SUPPORTER)
    demo_member = next(u for u in members if u.username == "demo-member")
    demo_supporter = next(u for u in supporters if u.username == "demo-supporter")
    others = [u for u in members if u.pk != demo_member.pk]
    spare = [u for u in supporters if u.pk != demo_supporter.pk]
    first = timezone.localdate() - timedelta(weeks=10)

    def peer(index: int) -> User:  # a small demo (tests) may have fewer supporters than groups
        return spare[index % len(spare)] if spare else demo_supporter

    facilitators = [
        [demo_supporter],
        [peer(0)],
        [],
        list(dict.fromkeys([demo_supporter, peer(1)])),
        [peer(2)],
    ]
    for spec, leads in zip(_GROUPS, facilitators, strict=True):
        fields = {k: v for k, v in spec.items() if k not in ("self_run", "weekday")}
        drawn = rng.randint(
            0, 4
        )  # drawn for every group, so that the rest of the demo stays the same
        group = services.create_group(
            program=program,
            facilitators=leads,
            time_zone=program.time_zone,
            first_meeting_on=_next_weekday(first, spec.get("weekday", drawn)),
            **fields,
        )
        _fill(group, rng, demo_member, others)
        _history(group, rng, leads)


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _fill(group: SupportGroup, rng: random.Random, demo_member: User, others: list[User]) -> None:
    """Members up to capacity for the first group (then two waiting), fewer elsewhere."""
    if group.name.startswith("Tuesday"):
        services.join_group(group=group, member=demo_member)
        count = group.capacity - 1 + 2  # full, with two on the waiting list
    elif group.name.startswith("Veterans"):
        count = 3
    else:
        count = rng.randint(3, group.capacity - 2)
    for person in rng.sample(others, k=min(count, len(others))):  # a small demo has fewer people
        place = services.join_group(group=group, member=person)
        if group.is_closed and place.status == "awaiting" and rng.random() < 0.7:
            deciders = list(group.facilitators.all())
            services.decide_request(
                group=group, facilitator=deciders[0], member=person, approve=True
            )
    if group.name.startswith("Veterans"):
        services.join_group(group=group, member=demo_member)  # awaiting the facilitator's answer


def _history(group: SupportGroup, rng: random.Random, leads: list[User]) -> None:
    """Past meetings with who came (room or ticked) and, for facilitated groups, a note."""
    people = [p.user for p in group.members.filter(status="member").select_related("user")]
    how = AttendanceHow.ROOM if group.modality == Modality.ONLINE else AttendanceHow.TICKED
    rows = []
    for meeting in _past_meetings(group):
        for person in people:
            if rng.random() < 0.7:
                late = timedelta(minutes=rng.randint(0, 10)) if how == AttendanceHow.ROOM else None
                rows.append(
                    Attendance(
                        meeting=meeting,
                        user=person,
                        how=how,
                        joined_at=meeting.starts_at + (late or timedelta()),
                        left_at=meeting.ends_at,
                        recorded_by=leads[0] if leads and how == AttendanceHow.TICKED else None,
                    )
                )
        if leads:
            MeetingNote.objects.create(
                meeting=meeting,
                author=leads[0],
                body=rng.choice(
                    [
                        "A warm meeting. Two people shared for the first time.",
                        "Quieter this week; we spent time on what helps on hard evenings.",
                        "Good energy. Someone brought news of a new job; lots of encouragement.",
                    ]
                ),
            )
    Attendance.objects.bulk_create(rows)
