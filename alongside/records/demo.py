"""Demo data for records (synthetic people and words only): a week of the demo supporter's encounters
(booked sessions and calls from scheduling and calls, chat days and group meetings recorded here, and
sessions in person and visits going along to appointments), with peer notes in every state: co-signed
and read by the member (one with an addendum and the member's comment), one returned by the supervisor,
one waiting for the co-signature, one draft, and the rest still to write. The program asks for a
supervisor's co-signature."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import caseload_of

from . import services
from .encounters_from import record_recent_for
from .models import Encounter, Modality, Note, NoteSettings, Source

# What the notes say: everyday, strengths-based words, nothing about any real person.
WORDS = [
    {
        "goal": "Feel settled enough to go back to the Thursday art class",
        "did": "We talked through what made last week's class hard and listed two things that "
        "helped before: arriving early and sitting near the door.",
        "response": "Robin said it helped to say it out loud and picked arriving early as the "
        "first thing to try.",
        "next_steps": "Robin goes to Thursday's class; we check in on Friday by chat.",
    },
    {
        "goal": "Sleep better on weeknights",
        "did": "We looked at Robin's evening routine together and I shared what works for me.",
        "response": "Robin chose to put the phone in the kitchen after ten and to try it for a week.",
        "next_steps": "We look at how the week went at our next session.",
    },
    {
        "goal": "Find a volunteer role at the community garden",
        "did": "We read the garden's volunteer page together and wrote a short email.",
        "response": "Robin sent the email during the session and felt proud of it.",
        "next_steps": "Wait for the reply; practise what to say on the first day.",
    },
    {
        "goal": "Keep in touch with my sister",
        "did": "We planned a short call and what Robin wanted to share.",
        "response": "Robin said the plan made the call feel easier.",
        "next_steps": "Robin calls on Sunday afternoon.",
    },
    {
        "goal": "Feel confident at the clinic appointment",
        "did": "I went along to the appointment with Robin. We wrote three questions on the bus.",
        "response": "Robin asked all three questions and wrote down the answers.",
        "next_steps": "Robin books the follow-up; I can come again if Robin wants.",
    },
]


def _person(username: str, program: Program, role: Role) -> User | None:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    membership = Membership.objects.filter(program=program, role=role).first()
    return membership.user if membership else None


VISITS = [  # (days ago, modality, place of service, place, minutes)
    (6, Modality.IN_PERSON, "11", "Alongside office, room 1", 50),
    (5, Modality.ACCOMPANIMENT, "22", "Riverside clinic, outpatient", 75),
    (4, Modality.IN_PERSON, "99", "Community garden, the bench by the gate", 40),
    (3, Modality.IN_PERSON, "11", "Alongside office, room 2", 45),
    (2, Modality.ACCOMPANIMENT, "99", "Housing office on Main Street", 60),
]


def _visits(program: Program, supporter: User, member: User, now: datetime) -> None:
    """Sessions in person and visits going along to appointments, so every kind of contact shows."""
    for n, (days_ago, modality, pos, place, minutes) in enumerate(VISITS):
        start = (now - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
        services.record_encounter(
            program=program,
            supporter=supporter,
            members=[member],
            modality=modality,
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            source=Source.SESSION,
            source_id=f"demo-visit-{n}",
            place_of_service=pos,
            place=place,
        )


def load(program: Program) -> None:
    """Add this app's part of the demo program (once)."""
    supporter = _person("demo-supporter", program, Role.SUPPORTER)
    member = User.objects.filter(username="demo-member").first()
    if member is None and supporter is not None:  # outside the demo: the supporter's first person
        link = caseload_of(supporter).first()
        member = link.member if link else None
    supervisor = _person("demo-supervisor", program, Role.SUPERVISOR)
    if supporter is None or member is None or supervisor is None:
        return
    if Note.objects.filter(program=program).exists():
        return
    NoteSettings.objects.update_or_create(
        program=program, defaults={"cosign_required": True, "release_delay_days": 0}
    )
    now = timezone.now()
    _visits(program, supporter, member, now)
    record_recent_for(supporter, now=now)
    week = list(
        Encounter.objects.filter(
            supporter=supporter, participants=member, started_at__gte=now - timedelta(days=8)
        ).order_by("started_at", "pk")
    )
    try:
        _notes(week, supporter, member, supervisor, now)
    except ValidationError:
        return  # the supporter may not sign notes yet (accounts.gates): the notes stay drafts
    services.start_encounter_sweep(program, now=now)


def _notes(
    week: list[Encounter], supporter: User, member: User, supervisor: User, now: datetime
) -> None:
    # Oldest first: two co-signed (the first with an addendum and the member's comment), one returned,
    # one waiting for the co-signature, one draft; anything newer is left to write.
    plan = ["cosigned+", "cosigned", "returned", "awaiting", "draft"]
    for encounter, state, words in zip(week, plan, WORDS, strict=False):
        note = services.start_note(encounter=encounter, member=member, author=supporter)
        services.save_note(note=note, author=supporter, **words)
        if state == "draft":
            continue
        signed_at = min(encounter.ended_at + timedelta(hours=2), now)
        services.sign_note(note=note, author=supporter, now=signed_at)
        if state == "returned":
            services.return_note(
                note=note,
                supervisor=supervisor,
                comment="Lovely note. Could you say which goal from Robin's plan this was about?",
            )
        elif state.startswith("cosigned"):
            services.cosign_note(
                note=note, supervisor=supervisor, now=min(signed_at + timedelta(hours=20), now)
            )
        if state == "cosigned+":
            services.add_addendum(
                note=note,
                author=supporter,
                body="Robin let me know the class went well; the teacher saved a seat by the door.",
            )
            services.comment_on_note(
                note=note, member=member, body="Thank you. Arriving early really did help."
            )
