"""`services.asend_message`: a live connection's plain message stored on the event loop (PostgreSQL), and
everything else left to `send_message`, which stores nothing twice and says why."""

import asyncio
from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.conversations import services
from alongside.conversations.livedb import POSTGRESQL_ON_THE_LOOP, close_live_connections
from alongside.conversations.models import Message, Notification, Participant
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.matching.services import block
from alongside.safety import Assessment, Level

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
async def close_after():
    yield
    await close_live_connections()  # this test's event loop's connections, too


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the loop's own connections are PostgreSQL's"
)


@database_sync_to_async
def _talk():
    conversation = conversation_with()
    return conversation, *people_of(conversation)


async def _send(conversation, sender, body="How was your day?", client_id=None, session_key=None):
    return await services.asend_message(
        conversation=conversation,
        sender=sender,
        client_id=client_id or uuid4(),
        body=body,
        session_key=session_key,
    )


@database_sync_to_async
def _stored(conversation):
    return list(
        Message.objects.filter(conversation=conversation).order_by("seq").values_list("seq", "body")
    )


async def test_elsewhere_the_usual_path_sends():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL takes the quick path: the tests below")
    conversation, member, _supporter = await _talk()
    assert await _send(conversation, member) is None
    assert await _stored(conversation) == []


@on_postgresql
async def test_a_plain_message_is_stored_numbered_and_notified_in_one_go():
    conversation, member, supporter = await _talk()
    await database_sync_to_async(say)(conversation, supporter, "Hello, I am here.")

    sent = await _send(conversation, member, "Thank you for being here.")

    assert sent is not None
    assert (sent.message.seq, sent.message.change) == (2, 2)
    assert await _stored(conversation) == [
        (1, "Hello, I am here."),
        (2, "Thank you for being here."),
    ]
    [(group, payload)] = sent.events
    assert payload["seq"] == 2 and payload["body"] == "Thank you for being here."
    assert payload["sender"] == {"id": member.pk, "name": str(member)}

    @database_sync_to_async
    def facts():
        seat = Participant.objects.get(conversation=conversation, user=member)
        mine = Notification.objects.filter(recipient=supporter, conversation=conversation)
        return seat.last_read_seq, list(mine.values_list("count", flat=True))

    # Writing counts as reading; the supporter, away, gets one fresh notification and, later, an email.
    assert await facts() == (2, [1])
    assert len(sent.after) == 1
    again = await _send(conversation, member, "One more thing.")
    assert again is not None and again.message.seq == 3
    assert await facts() == (3, [2])  # folded into the unread one: no second email
    assert again.after == []


@on_postgresql
async def test_senders_at_once_take_every_number_once():
    conversation, member, supporter = await _talk()
    sent = await asyncio.gather(
        *(
            _send(conversation, who, f"Message {n}")
            for n in range(12)
            for who in [member, supporter]
        )
    )
    assert sorted(each.message.seq for each in sent) == list(range(1, 25))
    assert [seq for seq, _body in await _stored(conversation)] == list(range(1, 25))


@on_postgresql
@pytest.mark.parametrize(
    "case", ["resend", "boundary", "crisis", "signed_out", "ended", "blocked", "not_seated"]
)
async def test_anything_but_a_plain_message_is_left_to_send_message(case, monkeypatch):
    conversation, member, supporter = await _talk()
    sender, body, client_id, session_key = member, "Thinking of you today.", uuid4(), None
    if case == "resend":
        assert await _send(conversation, member, body, client_id=client_id) is not None
    elif case == "boundary":
        body = "My number is 555-123-4567, text me anytime"
    elif case == "crisis":
        monkeypatch.setattr(services, "assess", lambda text: Assessment(level=Level.IMMINENT))
    elif case == "signed_out":
        session_key = "a-session-that-has-ended"
    elif case == "ended":
        await database_sync_to_async(services.end_conversation)(
            supporter=supporter, conversation=conversation, closing_note="Take good care."
        )
    elif case == "blocked":
        await database_sync_to_async(block)(blocker=supporter, blocked=member)
    elif case == "not_seated":
        sender = await database_sync_to_async(person)(conversation.program, Role.SUPPORTER)
    before = await _stored(conversation)

    assert await _send(conversation, sender, body, client_id, session_key) is None

    assert await _stored(conversation) == before  # nothing stored: send_message decides


@on_postgresql
async def test_after_a_database_restart_sends_give_way_until_the_connections_are_replaced():
    conversation, member, _supporter = await _talk()
    assert await _send(conversation, member, "Hello?") is not None

    @database_sync_to_async
    def restart():  # as far as connections can tell: every other session of this database ends
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    await restart()
    tries = [await _send(conversation, member, "Are you still there?") for _ in range(6)]

    assert tries[0] is None  # send_message's turn: the consumer calls it
    sent = [each for each in tries if each is not None]
    assert sent and len(tries) - len(sent) <= POSTGRESQL_ON_THE_LOOP  # each broken one fails once
    assert [each.message.seq for each in sent] == list(range(2, 2 + len(sent)))
