from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say
from alongside.groups.models import Meeting
from alongside.groups.models import Modality as GroupModality
from alongside.groups.services import join_group, tick_attendance
from alongside.groups.tests.factories import group_of
from alongside.records.encounters_from import active_time, record_recent_for
from alongside.records.models import Encounter, Modality, Source
from alongside.records.services import sweep_encounters

T0 = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def at(minute, by_supporter=True):
    return (T0 + timedelta(minutes=minute), by_supporter)


# (messages as (minute, sent by the supporter), expected active minutes, expected start, end minute)
ACTIVE_TIME_CASES = [
    pytest.param([at(0)], 2, 0, 2, id="one message: the allowance"),
    pytest.param([at(0, False), at(3), at(5, False)], 7, 0, 7, id="one span: first to last + 2"),
    pytest.param([at(0), at(9.9, False)], 12, 0, 11.9, id="a gap under 10 minutes joins"),
    pytest.param([at(0), at(10)], 4, 0, 12, id="a gap of 10 minutes splits"),
    pytest.param(
        [at(0), at(4, False), at(60, False), at(62), at(63, False)],
        11,
        0,
        65,
        id="two spans: 4+2 and 3+2",
    ),
    pytest.param(
        [at(0, False), at(1, False), at(30), at(31, False)],
        3,
        30,
        33,
        id="a span with only the member's words does not count",
    ),
    pytest.param([at(0, False), at(5, False)], None, None, None, id="only the member: nothing"),
    pytest.param([at(5, False), at(0)], 7, 0, 7, id="order does not matter"),
    pytest.param([at(0), at(0.25)], 3, 0, 2.25, id="seconds round up to a whole minute"),
]


@pytest.mark.parametrize(("messages", "minutes", "start", "end"), ACTIVE_TIME_CASES)
def test_active_chat_time_follows_the_rule(messages, minutes, start, end):
    measured = active_time(messages)
    if minutes is None:
        assert measured is None
        return
    assert measured.minutes == minutes
    assert measured.started_at == T0 + timedelta(minutes=start)
    assert measured.ended_at == T0 + timedelta(minutes=end)


def _sent(message, when):
    Message.objects.filter(pk=message.pk).update(created_at=when)


@pytest.mark.django_db
def test_a_chat_day_becomes_one_encounter_with_its_active_time(world):
    supporter, member = world["supporter"], world["member"]
    conversation = start_conversation(member=member, supporter=supporter)
    day = timezone.now().replace(microsecond=0) - timedelta(days=1)
    for minute, sender in [(0, member), (2, supporter), (5, member), (40, supporter)]:
        _sent(
            say(conversation, sender, "Thinking of the week ahead."),
            day + timedelta(minutes=minute),
        )
    assert record_recent_for(supporter) == 1
    encounter = Encounter.objects.get(source=Source.CONVERSATION)
    assert encounter.modality == Modality.CHAT
    assert encounter.minutes == 7 + 2  # the first span 5+2, the lone message 2
    assert list(encounter.participants.all()) == [member]
    assert encounter.started_at == day
    assert record_recent_for(supporter) == 0  # nothing new: nothing written
    _sent(say(conversation, supporter, "Good night."), day + timedelta(minutes=41))
    assert record_recent_for(supporter) == 1  # the same day, now longer
    encounter.refresh_from_db()
    assert Encounter.objects.count() == 1 and encounter.minutes == 7 + 3


@pytest.mark.django_db
def test_a_held_group_meeting_becomes_a_group_encounter_for_its_facilitator(world):
    supporter = world["supporter"]
    group = group_of(
        world.program,
        facilitators=[supporter],
        modality=GroupModality.IN_PERSON,
        place="Library, room 2",
    )
    came = [world["member"], person(world.program, Role.MEMBER)]
    for someone in came:
        join_group(group=group, member=someone)
    start = timezone.now().replace(microsecond=0) - timedelta(days=2)
    meeting = Meeting.objects.create(
        group=group, starts_at=start, ends_at=start + timedelta(minutes=90)
    )
    Meeting.objects.create(
        group=group,
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, minutes=90),
    )  # nobody came
    tick_attendance(meeting=meeting, facilitator=supporter, present_ids=[p.pk for p in came])
    assert record_recent_for(supporter) == 1
    encounter = Encounter.objects.get()
    assert (encounter.source, encounter.source_id) == (Source.GROUP_MEETING, str(meeting.pk))
    assert encounter.modality == Modality.GROUP and encounter.minutes == 90
    assert encounter.place == "Library, room 2"
    assert set(encounter.participants.all()) == set(came)
    assert record_recent_for(supporter) == 0


@pytest.mark.django_db
def test_the_sweep_runs_once_per_chain(world):
    from alongside.records.models import NoteSettings
    from alongside.records.services import start_encounter_sweep

    start_encounter_sweep(world.program)
    settings = NoteSettings.objects.get(program=world.program)
    stale = "2001-01-01T00:00:00+00:00"
    assert sweep_encounters(program_id=world.program.pk, due=stale) == 0
    settings.refresh_from_db()
    due = settings.sweep_due_at.isoformat()
    sweep_encounters(program_id=world.program.pk, due=due)
    settings.refresh_from_db()
    assert settings.sweep_due_at.isoformat() != due  # moved on an hour
