"""A year of synthetic activity at scale, for `alongside demo --size large` and `alongside bench reports`:
by default 5,000 members, 200 supporters, about a million messages, 50,000 encounters and 20,000
questionnaires, with requests, crisis alerts, staff labels, group attendance and hand-offs. Everyone is
made up. Rows go in with bulk inserts and their real (past) times, the way the apps would have stored
them over the year; nothing passes through the services (no safety check, no emails, no tasks)."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 5000
UNUSABLE = "!"  # Django's mark of an unusable password: nobody can sign in as these people
LANGUAGES = ["en"] * 70 + ["es"] * 22 + ["zh", "vi", "tl", "ar", "fr", "ko", "ru", "pt"]
AGES = ["18_24", "25_34", "35_49", "50_64", "65_up", "under_18", ""]
GENDERS = ["woman"] * 48 + ["man"] * 40 + ["non-binary"] * 6 + ["two-spirit"] + [""] * 5
RACES = (
    ["white"] * 40
    + ["hispanic or latino"] * 22
    + ["black or african american"] * 15
    + ["asian"] * 7
    + ["american indian or alaska native"] * 2
    + ["multiracial"] * 4
    + [""] * 10
)
ITEMS = {"phq9": (9, 0, 3), "gad7": (7, 0, 3), "who5": (5, 0, 5), "barc10": (10, 1, 6)}


@dataclass(frozen=True)
class Size:
    members: int = 5000
    supporters: int = 200
    messages: int = 1_000_000
    encounters: int = 50_000
    questionnaires: int = 20_000
    days: int = 365


@contextmanager
def _stored_times(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the past `created_at` they carry (auto_now_add would stamp now)."""
    fields: list[Any] = [m._meta.get_field("created_at") for m in model_classes]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _insert(model: type[models.Model], rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])  # type: ignore[attr-defined]


def build(
    program: Any, size: Size = Size(), *, seed: int = 2026, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Fill `program` with a year of activity ending now; returns counts and seconds taken."""
    from alongside.accounts.choices import Role
    from alongside.accounts.models import CareTeamLink, Membership, Profile, User
    from alongside.conversations.models import Conversation, Message, Participant
    from alongside.groups.models import Attendance, AttendanceHow, Meeting, SupportGroup
    from alongside.matching.models import RequestStatus, SupporterProfile, SupportRequest
    from alongside.outcomes.models import Response
    from alongside.outcomes.scoring import score
    from alongside.records.models import Encounter, Modality, Source
    from alongside.resources.models import HandOff, HospitalStay, Setting
    from alongside.safety.models import AssessmentLabel, Escalation, SourceKind, Verdict

    rng = random.Random(seed)  # noqa: S311  # synthetic demo data
    started = time.perf_counter()
    now = timezone.now()
    year_ago = now - timedelta(days=size.days)
    tag = f"{program.slug}-large"

    def moment(after: datetime, before: datetime = now) -> datetime:
        return after + (before - after) * rng.random()

    with transaction.atomic(), _stored_times(Membership, SupportRequest, AssessmentLabel):
        # People: members and supporters, their roles and profiles.
        users = [
            User(
                username=f"{tag}-m{i:05}",
                display_name=f"Member {i}",
                password=UNUSABLE,
                language=rng.choice(LANGUAGES),
            )
            for i in range(size.members)
        ] + [
            User(
                username=f"{tag}-s{i:04}",
                display_name=f"Peer {i}",
                password=UNUSABLE,
                language="en",
            )
            for i in range(size.supporters)
        ]
        _insert(User, users)
        ids = dict(
            User.objects.filter(username__startswith=f"{tag}-").values_list("username", "pk")
        )
        members = [ids[f"{tag}-m{i:05}"] for i in range(size.members)]
        supporters = [ids[f"{tag}-s{i:04}"] for i in range(size.supporters)]
        joined = {m: moment(year_ago - timedelta(days=60)) for m in members}
        _insert(
            Membership,
            [
                Membership(
                    user_id=m,
                    program=program,
                    role=Role.MEMBER,
                    created_at=joined[m],
                    updated_at=joined[m],
                )
                for m in members
            ]
            + [
                Membership(
                    user_id=s,
                    program=program,
                    role=Role.SUPPORTER,
                    created_at=year_ago,
                    updated_at=year_ago,
                )
                for s in supporters
            ],
        )
        _insert(
            Profile,
            [
                Profile(
                    user_id=m,
                    languages=[rng.choice(LANGUAGES)],
                    age_range=rng.choice(AGES),
                    gender=rng.choice(GENDERS),
                    race_ethnicity=rng.choice(RACES),
                )
                for m in members
            ]
            + [Profile(user_id=s) for s in supporters],
        )
        _insert(
            SupporterProfile,
            [
                SupporterProfile(user_id=s, program=program, capacity=rng.randint(15, 35))
                for s in supporters
            ],
        )
        peer_of = {m: supporters[i % len(supporters)] for i, m in enumerate(members)}
        _insert(
            CareTeamLink,
            [
                CareTeamLink(program=program, member_id=m, staff_id=peer_of[m], role=Role.SUPPORTER)
                for m in members
                if rng.random() < 0.85
            ],
        )
        say(f"people: {time.perf_counter() - started:.1f} s")

        # Requests for a peer: one per member when they joined; a third wanted someone now.
        requests = []
        for m in members:
            urgent = rng.random() < 0.3
            wait = (
                timedelta(minutes=rng.expovariate(1 / 25))
                if urgent
                else timedelta(hours=rng.expovariate(1 / 30))
            )
            outcome = rng.random()
            status = (
                RequestStatus.MATCHED
                if outcome < 0.85
                else RequestStatus.WITHDRAWN
                if outcome < 0.93
                else RequestStatus.WAITING
            )
            requests.append(
                SupportRequest(
                    program=program,
                    member_id=m,
                    urgency="now" if urgent else "soon",
                    status=status,
                    supporter_id=peer_of[m] if status == RequestStatus.MATCHED else None,
                    matched_at=joined[m] + wait if status == RequestStatus.MATCHED else None,
                    created_at=joined[m],
                    updated_at=joined[m] + wait,
                )
            )
        _insert(SupportRequest, requests)

        # Chats: one conversation per member with their peer, about a million messages in all.
        per_member = size.messages / size.members
        counts = {m: max(1, int(rng.expovariate(1 / per_member))) for m in members}
        conversations = [
            Conversation(
                program=program, last_seq=counts[m], last_change=counts[m], last_message_at=now
            )
            for m in members
        ]
        _insert(Conversation, conversations)
        conversation_of = {m: c.pk for m, c in zip(members, conversations, strict=True)}
        _insert(
            Participant,
            [
                Participant(conversation_id=conversation_of[m], user_id=m, role=Role.MEMBER)
                for m in members
            ]
            + [
                Participant(
                    conversation_id=conversation_of[m], user_id=peer_of[m], role=Role.SUPPORTER
                )
                for m in members
            ],
        )
        batch: list[Message] = []
        written = 0
        for m in members:
            start = max(joined[m], year_ago)
            # Most people come often at first and then less: times skewed towards their start.
            times = sorted(start + (now - start) * rng.random() ** 2 for _ in range(counts[m]))
            for seq, at in enumerate(times, start=1):
                sender = m if seq % 2 else peer_of[m]
                batch.append(
                    Message(
                        conversation_id=conversation_of[m],
                        seq=seq,
                        sender_id=sender,
                        client_id=uuid.UUID(int=rng.getrandbits(128)),
                        body="A synthetic message.",
                        created_at=at,
                        change=seq,
                    )
                )
            if len(batch) >= BATCH:
                Message.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        Message.objects.bulk_create(batch)
        written += len(batch)
        say(f"messages ({written}): {time.perf_counter() - started:.1f} s")

        # Encounters: sessions by phone, video, in person and chat.
        encounters = []
        modalities = [
            Modality.PHONE,
            Modality.VIDEO,
            Modality.IN_PERSON,
            Modality.CHAT,
            Modality.ACCOMPANIMENT,
        ]
        attendees = []
        for i in range(size.encounters):
            m = rng.choice(members)
            begin = moment(max(joined[m], year_ago))
            encounters.append(
                Encounter(
                    program=program,
                    supporter_id=peer_of[m],
                    modality=rng.choice(modalities),
                    started_at=begin,
                    ended_at=begin + timedelta(minutes=rng.randint(15, 75)),
                    source=Source.SESSION,
                    source_id=f"{tag}-{i}",
                )
            )
            attendees.append(m)
        _insert(Encounter, encounters)
        through = Encounter.participants.through
        encounter_ids = [e.pk for e in encounters]
        _insert(
            through,
            [
                through(encounter_id=e, user_id=m)
                for e, m in zip(encounter_ids, attendees, strict=True)
            ],
        )

        # Questionnaires: four a member on average, scores drifting towards better.
        responses = []
        for _ in range(size.questionnaires):
            m = rng.choice(members)
            code = rng.choice(list(ITEMS))
            n, low, high = ITEMS[code]
            at = moment(max(joined[m], year_ago))
            progress = (at - max(joined[m], year_ago)) / (
                now - max(joined[m], year_ago) or timedelta(1)
            )
            lean = 0.6 - 0.3 * progress if code in ("phq9", "gad7") else 0.4 + 0.3 * progress
            answers = [
                min(
                    high,
                    max(
                        low,
                        round(
                            low
                            + (high - low) * rng.betavariate(2 * lean + 0.1, 2 * (1 - lean) + 0.1)
                        ),
                    ),
                )
                for _ in range(n)
            ]
            result = score(code, answers)
            responses.append(
                Response(
                    program=program,
                    member_id=m,
                    instrument=code,
                    answers=answers,
                    total=result.total,
                    band=result.band or "",
                    completed_at=at,
                )
            )
        _insert(Response, responses)

        # Crisis alerts (more at night), staff labels, group attendance and hand-offs.
        escalations = []
        for i in range(max(1, size.members // 5)):
            m = rng.choice(members)
            opened = moment(year_ago)
            if rng.random() < 0.5:
                opened = opened.replace(hour=rng.choice([22, 23, 0, 1, 2, 3]))
            opened = min(opened, now - timedelta(hours=1))
            ack = opened + timedelta(minutes=rng.expovariate(1 / 6))
            escalations.append(
                Escalation(
                    program=program,
                    person_id=m,
                    source_kind=SourceKind.CONVERSATION,
                    source_id=10_000_000 + i,
                    level="imminent" if rng.random() < 0.2 else "high",
                    state="resolved",
                    opened_at=opened,
                    respond_by=opened + timedelta(minutes=5),
                    acknowledged_at=ack,
                    resolved_at=ack + timedelta(hours=rng.expovariate(1 / 3)),
                )
            )
        _insert(Escalation, escalations)
        labeller = supporters[0]
        _insert(
            AssessmentLabel,
            [
                AssessmentLabel(
                    program=program,
                    labelled_by_id=labeller,
                    source_kind=SourceKind.CONVERSATION,
                    source_id=20_000_000 + i,
                    text="A synthetic message.",
                    assessed_level="high",
                    verdict=Verdict.FALSE_ALARM if rng.random() < 0.8 else Verdict.MISSED,
                    level="none",
                    created_at=moment(year_ago),
                    updated_at=now,
                )
                for i in range(size.members // 15)
            ],
        )
        groups = list(SupportGroup.objects.filter(program=program).values_list("pk", flat=True))
        meetings = []
        for group in groups:
            for week in range(size.days // 7):
                begin = year_ago + timedelta(days=7 * week, hours=rng.randint(0, 3))
                meetings.append(
                    Meeting(group_id=group, starts_at=begin, ends_at=begin + timedelta(hours=1))
                )
        _insert(Meeting, meetings)
        attendance = []
        for meeting in Meeting.objects.filter(
            group_id__in=groups, starts_at__gte=year_ago
        ).values_list("pk", "starts_at"):
            for m in rng.sample(members, k=rng.randint(4, 10)):
                attendance.append(
                    Attendance(
                        meeting_id=meeting[0],
                        user_id=m,
                        how=AttendanceHow.TICKED,
                        joined_at=meeting[1],
                    )
                )
        _insert(Attendance, attendance)
        clinician = (
            Membership.objects.filter(program=program, role=Role.CLINICIAN)
            .values_list("user_id", flat=True)
            .first()
        )
        hand_offs = []
        stays = []
        if clinician is not None:
            for m in rng.sample(members, k=size.members // 12):
                on = moment(year_ago).date()
                if rng.random() < 0.5:  # an earlier stay, recorded by the person themselves
                    admitted = on - timedelta(days=rng.randint(60, 200))
                    stays.append(
                        HospitalStay(
                            program=program,
                            member_id=m,
                            admitted_on=admitted,
                            discharged_on=admitted + timedelta(days=rng.randint(3, 9)),
                        )
                    )
                for again in range(1 + (rng.random() < 0.15)):
                    discharge = on + timedelta(days=again * rng.randint(10, 80))
                    reached = rng.random() < 0.75
                    contact = datetime.combine(
                        discharge, datetime.min.time(), tzinfo=now.tzinfo
                    ) + timedelta(days=rng.randint(1, 20), hours=12)
                    setting = Setting.HOSPITAL if rng.random() < 0.8 else Setting.JAIL
                    hand_offs.append(
                        HandOff(
                            program=program,
                            member_id=m,
                            sent_by_id=clinician,
                            partner_name="County hospital",
                            setting=setting,
                            discharge_on=min(discharge, now.date()),
                            consent_text="Agreed to be contacted by a peer.",
                            recorded_contact_at=contact if reached and contact < now else None,
                        )
                    )
                    if setting == Setting.HOSPITAL:  # the partner gave the admission date
                        left = min(discharge, now.date())
                        stays.append(
                            HospitalStay(
                                program=program,
                                member_id=m,
                                admitted_on=left - timedelta(days=rng.randint(3, 9)),
                                discharged_on=left,
                                recorded_by_id=clinician,
                            )
                        )
        _insert(HandOff, hand_offs)
        _insert(HospitalStay, stays)
        _analyze()

    counts_made = {
        "members": len(members),
        "supporters": len(supporters),
        "messages": written,
        "encounters": len(encounters),
        "questionnaires": len(responses),
        "requests": len(requests),
        "escalations": len(escalations),
        "group_attendance": len(attendance),
        "hand_offs": len(hand_offs),
        "hospital_stays": len(stays),
        "seconds": round(time.perf_counter() - started, 1),
    }
    say(f"done: {counts_made}")
    return counts_made


def _analyze() -> None:
    """On PostgreSQL, refresh the planner's statistics of what was just written. Without them it plans
    for the empty tables it last saw (autovacuum cannot analyze rows of a transaction that has not
    committed, and `alongside demo` computes the reports inside its own), and each of the reports'
    reads of a million messages took minutes instead of seconds. ANALYZE may run inside a
    transaction and counts that transaction's own rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def year_to_yesterday(today: date) -> tuple[date, date]:
    end = today - timedelta(days=1)
    return end - timedelta(days=364), end
