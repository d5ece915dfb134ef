"""Encounters recorded after the fact belong to the program the chat happened in, for a supporter in
several programs (issue 16, item 5): before, every chat was recorded in the supporter's first program."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person_in_both
from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say
from alongside.records.encounters_from import record_recent_for, record_recent_in
from alongside.records.models import Encounter, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat_in_b(world):
    """A supporter of programs A (their first) and B who chatted yesterday with a member of B."""
    both = person_in_both(world, Role.SUPPORTER)
    member = world.foreign_member
    conversation = start_conversation(member=member, supporter=both, program=world.foreign_program)
    day = timezone.now().replace(microsecond=0) - timedelta(days=1)
    for minute, sender in [(0, member), (3, both)]:
        message = say(conversation, sender, "Thinking of the week ahead.")
        Message.objects.filter(pk=message.pk).update(created_at=day + timedelta(minutes=minute))
    return both


def test_the_sweep_of_a_program_records_its_chats_in_it(world, chat_in_b):
    assert record_recent_in(world.program) == 0  # nothing of B's is A's
    assert not Encounter.objects.exists()
    assert record_recent_in(world.foreign_program) == 1
    encounter = Encounter.objects.get(source=Source.CONVERSATION)
    assert encounter.program == world.foreign_program
    assert list(encounter.participants.all()) == [world.foreign_member]


def test_a_supporter_opening_their_queue_in_a_records_nothing_of_b(world, chat_in_b):
    assert record_recent_for(chat_in_b) == 0  # their current program: A, the first
    assert record_recent_for(chat_in_b, program=world.foreign_program) == 1
    assert Encounter.objects.get().program == world.foreign_program
