"""A small program whose every figure for March 2026 is worked out by hand (in the comments of
test_figures.py). Rows are written directly with their real times, the way the other apps store them."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from uuid import uuid4

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Profile, User
from alongside.accounts.tests.factories import person
from alongside.conversations.models import Conversation, Message
from alongside.groups.models import Attendance, AttendanceHow, Meeting
from alongside.groups.tests.factories import group_of
from alongside.matching.models import RequestStatus, SupportRequest, Urgency
from alongside.outcomes.models import Response
from alongside.resources.models import HandOff, Setting
from alongside.safety.models import AssessmentLabel, Escalation, SourceKind, Verdict

NY = zoneinfo.ZoneInfo("America/New_York")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def at(day: date | str, hour: int = 12, minute: int = 0) -> datetime:
    on = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(on.year, on.month, on.day, hour, minute, tzinfo=NY)


def build(world) -> list[User]:
    """24 members in world's program; see test_figures for what each of them did."""
    program = world.program
    members = [person(program, Role.MEMBER, username=f"m{i:02}") for i in range(24)]
    Membership.objects.filter(program=program, role=Role.MEMBER, user__in=members).update(
        created_at=at("2026-03-05")
    )
    for index, member in enumerate(members):
        language = ["en"] if index < 12 else ["es"] if index < 23 else []
        Profile.objects.update_or_create(user=member, defaults={"languages": language})
    User.objects.filter(pk__in=[m.pk for m in members]).update(language="")

    # Chat: every member on 10 and 20 March; 0–11 again on 10 June, 12–17 on 20 April.
    days = {i: ["2026-03-10", "2026-03-20"] for i in range(24)}
    for i in range(12):
        days[i].append("2026-06-10")
    for i in range(12, 18):
        days[i].append("2026-04-20")
    messages = []
    for i, member in enumerate(members):
        conversation = Conversation.objects.create(program=program)
        for seq, day in enumerate(days[i], start=1):
            messages.append(
                Message(
                    conversation=conversation,
                    seq=seq,
                    sender=member,
                    client_id=uuid4(),
                    body="Hello there.",
                    created_at=at(day),
                    change=seq,
                )
            )
    Message.objects.bulk_create(messages)

    # Groups: members 0–19 at one meeting on 12 March.
    group = group_of(program)
    meeting = Meeting.objects.create(
        group=group, starts_at=at("2026-03-12", 19), ends_at=at("2026-03-12", 20)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting, user=m, how=AttendanceHow.TICKED, joined_at=at("2026-03-12", 19)
        )
        for m in members[:20]
    )

    # Access: members 0–11 asked for someone now on 15 March; 0–10 matched after 10, 20 … 110
    # minutes; 11 gave up.
    for i in range(12):
        created = at("2026-03-15", 9)
        request = SupportRequest.objects.create(
            program=program,
            member=members[i],
            urgency=Urgency.NOW,
            status=RequestStatus.MATCHED if i < 11 else RequestStatus.WITHDRAWN,
            matched_at=created + timedelta(minutes=10 * (i + 1)) if i < 11 else None,
        )
        SupportRequest.objects.filter(pk=request.pk).update(created_at=created)

    # Safety: 12 high and 3 imminent at 10:00 (acknowledged in 5 minutes), 15 high at 20:00
    # (in 10 minutes); every one resolved 2 hours after it opened.
    rows = [("high", 10, 5)] * 12 + [("imminent", 10, 5)] * 3 + [("high", 20, 10)] * 15
    for level, hour, minutes in rows:
        opened = at("2026-03-18", hour)
        Escalation.objects.create(
            program=program,
            person=members[0],
            source_kind=SourceKind.CONVERSATION,
            source_id=1,
            state="resolved",
            level=level,
            opened_at=opened,
            respond_by=opened + timedelta(minutes=5),
            acknowledged_at=opened + timedelta(minutes=minutes),
            resolved_at=opened + timedelta(hours=2),
        )
    for n, verdict in enumerate((Verdict.FALSE_ALARM, Verdict.FALSE_ALARM, Verdict.MISSED)):
        label = AssessmentLabel.objects.create(
            program=program,
            labelled_by=world["supervisor"],
            source_kind=SourceKind.CONVERSATION,
            source_id=n,
            text="words",
            assessed_level="high",
            verdict=verdict,
            level="none",
        )
        AssessmentLabel.objects.filter(pk=label.pk).update(created_at=at("2026-03-19"))

    # Outcomes (PHQ-9, first in February, latest in March): 0–5 15 → 10, 6–8 12 → 9, 9–11 10 → 16.
    pairs = [(15, 10)] * 6 + [(12, 9)] * 3 + [(10, 16)] * 3
    for i, (first, latest) in enumerate(pairs):
        for total, day in ((first, "2026-02-10"), (latest, "2026-03-25")):
            Response.objects.create(
                program=program,
                member=members[i],
                instrument="phq9",
                answers=[1] * 9,
                total=total,
                band="moderate",
                completed_at=at(day),
            )

    # Leaving hospital on 10 March: 0–8 reached on the 12th, 9–10 on the 25th, 11 never.
    # Back in hospital: 0–2 discharged again on 25 April (46 days), 3 on 5 April (26 days).
    for i in range(12):
        contact = at("2026-03-12") if i < 9 else at("2026-03-25") if i < 11 else None
        _hand_off(world, members[i], date(2026, 3, 10), contact)
    for i in range(3):
        _hand_off(world, members[i], date(2026, 4, 25), None)
    _hand_off(world, members[3], date(2026, 4, 5), None)
    return members


def _hand_off(world, member: User, on: date, contact: datetime | None) -> HandOff:
    return HandOff.objects.create(
        program=world.program,
        member=member,
        sent_by=world["clinician"],
        partner_name="County hospital",
        setting=Setting.HOSPITAL,
        discharge_on=on,
        consent_text="Agreed to be contacted by a peer.",
        recorded_contact_at=contact,
    )
