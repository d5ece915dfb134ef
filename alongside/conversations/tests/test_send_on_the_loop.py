"""`services.asend_message`: a live connection's plain message stored on the event loop (PostgreSQL), and
everything else left to `send_message`, which stores nothing twice and says why."""

import asyncio
from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.conversations import livedb, services
from alongside.conversations.livedb import POSTGRESQL_ON_THE_LOOP, close_live_connections
from alongside.conversations.models import Message, Notification, Participant
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.matching.services import block
from alongside.safety import Assessment, Level

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


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


async def test_elsewhere_it_gives_way_before_any_work():
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

    @database_sync_to_async
    def stored_as_send_message_would():
        message = Message.objects.select_related("conversation").get(pk=sent.message.pk)
        assessment = services.assess("Thank you for being here.")
        assert (message.risk_level, message.risk_model_version) == (
            assessment.level.value,
            assessment.model_version,
        )
        assert (message.held_at, message.boundary, message.kind) == (None, [], "text")
        assert message.conversation.last_message_at == message.created_at
        assert message.client_id == sent.message.client_id and message.sender_id == member.pk
        return Notification.objects.get(recipient=supporter).pk

    # Writing counts as reading; the supporter, away, gets one fresh notification and, later, an email.
    assert await facts() == (2, [1])
    notified = await stored_as_send_message_would()
    [email] = sent.after
    assert email.args == (notified,)
    again = await _send(conversation, member, "One more thing.")
    assert again is not None and again.message.seq == 3
    assert await facts() == (3, [2])  # folded into the unread one: no second email
    assert again.after == []


@on_postgresql
async def test_senders_at_once_take_every_number_once():
    conversation, member, supporter = await _talk()
    sent = await asyncio.gather(
        *(
            # ("Message {n}" reads as a crisis to the model once repeated: a known false alarm.)
            _send(conversation, who, f"Lunch plans, take {n}")
            for n in range(12)
            for who in [member, supporter]
        )
    )
    assert sorted(each.message.seq for each in sent) == list(range(1, 25))
    assert [seq for seq, _body in await _stored(conversation)] == list(range(1, 25))


@database_sync_to_async
def _refusal(case, conversation, member, supporter):
    """Set up `case` in `conversation`; the conversation, sender and session key to send with."""
    from alongside.groups import services as groups
    from alongside.groups.tests.factories import group_of, meeting_now
    from alongside.safety.moderation.tests.factories import action_on

    session_key = None
    if case == "ended":
        services.end_conversation(
            supporter=supporter, conversation=conversation, closing_note="Take good care."
        )
    elif case == "blocked":
        block(blocker=supporter, blocked=member)
    elif case == "not_seated":
        member = person(conversation.program, Role.SUPPORTER)
    elif case == "signed_out":
        session_key = "a-session-that-has-ended"
    elif case == "left":
        room = services.open_room(
            program=conversation.program,
            title="Drop-in room",
            people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)],
        )
        Participant.objects.filter(conversation=room, user=member).update(left_at=timezone.now())
        conversation = room
    elif case == "inactive":
        type(member).objects.filter(pk=member.pk).update(is_active=False)
    elif case == "suspended":
        action_on(member, conversation.program, "suspend")
    elif case == "banned":
        action_on(member, conversation.program, "ban")
    elif case == "muted":
        group = group_of(conversation.program, facilitators=[supporter])
        groups.join_group(group=group, member=member)
        meeting = meeting_now(group)
        conversation = groups.enter_meeting_room(meeting=meeting, user=member)
        groups.mute_in_room(meeting=meeting, facilitator=supporter, member=member)
    elif case == "gone":
        type(conversation).objects.filter(pk=conversation.pk).delete()
    return conversation, member, session_key


REFUSALS = [
    "signed_out", "not_seated", "inactive", "left", "ended", "suspended", "banned", "muted",
    "blocked", "gone",
]  # fmt: skip


@on_postgresql
@pytest.mark.parametrize("case", REFUSALS)
async def test_a_refused_message_is_left_to_send_message_which_says_why(case):
    conversation, member, supporter = await _talk()
    conversation, sender, session_key = await _refusal(case, conversation, member, supporter)
    before = await _stored(conversation)  # an ended conversation has its closing note

    assert await _send(conversation, sender, "Thinking of you.", session_key=session_key) is None

    assert await _stored(conversation) == before  # nothing stored on the loop
    with pytest.raises((PermissionDenied, ValidationError)):  # and the usual path refuses it
        await database_sync_to_async(services.send_message)(
            conversation=conversation,
            sender=sender,
            client_id=uuid4(),
            body="Thinking of you.",
            session_key=session_key,
        )


@on_postgresql
@pytest.mark.parametrize("case", ["resend", "boundary", "crisis"])
async def test_a_resend_a_boundary_or_crisis_is_left_to_send_message(case, monkeypatch):
    conversation, member, _supporter = await _talk()
    body, client_id = "Thinking of you today.", uuid4()
    if case == "resend":
        first = await _send(conversation, member, body, client_id=client_id)
        assert first is not None
    elif case == "boundary":
        body = "My number is 555-123-4567, text me anytime"
    elif case == "crisis":
        monkeypatch.setattr(services, "assess", lambda text, **_: Assessment(level=Level.IMMINENT))
    before = await _stored(conversation)

    assert await _send(conversation, member, body, client_id=client_id) is None

    assert await _stored(conversation) == before
    if case == "resend":  # the usual path gives back the first copy
        again = await database_sync_to_async(services.send_message)(
            conversation=conversation, sender=member, client_id=client_id, body=body
        )
        assert again.pk == first.message.pk and again.seq == first.message.seq


@on_postgresql
async def test_a_live_connection_s_plain_message_never_goes_through_a_thread(monkeypatch):
    def in_a_thread(**kwargs):
        raise AssertionError("a plain message went through a database thread")

    monkeypatch.setattr(services, "send_message", in_a_thread)
    conversation, member, _supporter = await _talk()
    live = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/conversations/{conversation.pk}/"
    )
    live.scope["user"] = member
    connected, _ = await live.connect()
    assert connected
    try:
        await live.send_json_to(
            {"type": "send", "client_id": str(uuid4()), "body": "Good morning."}
        )
        frames = [await live.receive_json_from(timeout=3) for _ in range(2)]
    finally:
        await live.disconnect()
    assert [frame["type"] for frame in frames] == ["ack", "message"]
    assert await _stored(conversation) == [(1, "Good morning.")]


@on_postgresql
async def test_when_no_connection_is_free_in_time_the_send_gives_way(monkeypatch):
    monkeypatch.setattr(livedb, "WAIT_FOR_A_CONNECTION", 0.2)
    conversation, member, _supporter = await _talk()
    holding, release = [], asyncio.Event()

    async def hold():
        async with livedb.live_pg() as pg:
            holding.append(pg)
            await release.wait()

    holders = [asyncio.create_task(hold()) for _ in range(livedb.POSTGRESQL_ON_THE_LOOP)]
    while len(holding) < livedb.POSTGRESQL_ON_THE_LOOP:
        await asyncio.sleep(
            0.01
        )  # each holder has its connection (a wait for them, not for timing)
    try:
        assert await _send(conversation, member) is None
    finally:
        release.set()
        await asyncio.gather(*holders)
    assert await _stored(conversation) == []
    assert await _send(conversation, member) is not None  # lent again once one is free


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


@on_postgresql
async def test_a_message_that_is_a_crisis_only_with_the_words_before_it_is_left_to_send_message(
    monkeypatch,
):
    conversation, member, _supporter = await _talk()

    def assess(text, *, context=()):
        worrying = list(context) == ["i'm at the station"]
        return Assessment(level=Level.IMMINENT if worrying else Level.NONE)

    monkeypatch.setattr(services, "assess", assess)
    assert await _send(conversation, member, "i'm at the station") is not None
    before = await _stored(conversation)

    assert await _send(conversation, member, "next one comes in 8 minutes") is None

    assert await _stored(conversation) == before  # rolled back: the usual path escalates it
