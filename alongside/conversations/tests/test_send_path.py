"""The send path's plain SQL (`common.sql`): how many statements a message costs, whatever the room's size,
and the same results where the database cannot answer an INSERT with RETURNING."""

from uuid import uuid4

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.tests.factories import person
from alongside.conversations import presence, services
from alongside.conversations.models import Conversation, Message, Notification, Participant
from alongside.conversations.tests.factories import conversation_with, people_of, say

pytestmark = pytest.mark.django_db

# BEGIN, lock (with moderation's and a room's mute question as columns), seats, the writer's recent words
# (safety reads the message with them; in the same batch as the lock), numbering, message, read cursor,
# notifications, COMMIT: the same for 3 people or 30 (the seats come back as rows of one statement). A
# conversation between two people asks about blocks in one statement more.
STATEMENTS_PER_MESSAGE = 9


def _room_of(size: int) -> tuple[Conversation, User]:
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    room = services.open_room(
        program=conversation.program,
        title="Drop-in room",
        people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)]
        + [(person(conversation.program, Role.MEMBER), Role.MEMBER) for _ in range(size - 2)],
    )
    return room, member


@pytest.mark.parametrize("size", [3, 30])
def test_a_message_costs_the_same_statements_in_a_small_and_a_large_room(sent_events, size):
    room, member = _room_of(size)
    say(room, member, "A first message, so everyone away has a notification to fold into.")
    with CaptureQueriesContext(connection) as queries:
        message = say(room, member, "How is everyone doing today?")
    assert len(queries) == STATEMENTS_PER_MESSAGE
    assert message.seq == 2
    # Everyone else was away: each has one notification, folded to count two.
    counts = Notification.objects.filter(conversation=room).values_list("count", flat=True)
    assert sorted(counts) == [2] * (size - 1)


def test_without_returning_the_message_is_found_again_with_its_numbers(sent_events, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite before 3.35 answers no RETURNING; PostgreSQL always does")
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, supporter, "Hello, I am here when you are ready.")
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    monkeypatch.setattr(presence, "here", lambda conversation_id, user_ids: set())
    message = say(conversation, member, "Thank you, I am ready now.")
    stored = Message.objects.get(pk=message.pk)
    assert (stored.seq, stored.change, stored.body) == (2, 2, "Thank you, I am ready now.")
    assert (message.seq, message.change) == (2, 2)
    # The sender's read cursor moved to their own message; the supporter's notification was made.
    assert Participant.objects.get(conversation=conversation, user=member).last_read_seq == 2
    assert Notification.objects.filter(recipient=supporter, conversation=conversation).exists()
    again = services.send_message(
        conversation=conversation, sender=member, client_id=message.client_id, body="again"
    )
    assert again.pk == message.pk  # a resend still finds the first copy


def test_a_message_refused_takes_no_number(sent_events):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, member)
    services.end_conversation(
        supporter=supporter, conversation=conversation, closing_note="Take care."
    )
    with pytest.raises(ValidationError) as refused:
        services.send_message(
            conversation=conversation, sender=member, client_id=uuid4(), body="Wait"
        )
    assert refused.value.code == "ended"
    conversation.refresh_from_db()
    assert conversation.last_seq == 2
    assert list(conversation.messages.order_by("seq").values_list("seq", flat=True)) == [1, 2]


def _session_of(user: User) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_live_connection_s_session_is_asked_in_the_same_statements(sent_events):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, member, "Hello, is anyone there?")  # the supporter, away, has a notification
    key = _session_of(member)
    with CaptureQueriesContext(connection) as queries:
        message = services.send_message(
            conversation=conversation,
            sender=member,
            client_id=uuid4(),
            body="Thank you, I am ready now.",
            session_key=key,
        )
    # The session is a column of the lock statement; blocks are a statement of their own.
    assert len(queries) == STATEMENTS_PER_MESSAGE + 1
    assert message.seq == 2


def test_a_send_after_signing_out_elsewhere_is_refused_and_takes_no_number(sent_events):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, supporter, "Hello, I am here when you are ready.")
    key = _session_of(member)
    Session.objects.filter(session_key=key).delete()  # signed out (or a quick exit) in another tab
    with pytest.raises(services.SignedOut):
        services.send_message(
            conversation=conversation,
            sender=member,
            client_id=uuid4(),
            body="Are you still there?",
            session_key=key,
        )
    conversation.refresh_from_db()
    assert conversation.last_seq == 1
    assert conversation.messages.count() == 1
