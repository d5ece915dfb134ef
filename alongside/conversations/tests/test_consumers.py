"""The WebSocket protocol, spoken to the consumer through Channels' communicator (docs/realtime.md)."""

import asyncio
from contextlib import suppress
from datetime import timedelta
from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.websockets import signed_in
from alongside.conversations import consumers, realtime, services
from alongside.conversations.livedb import close_live_connections
from alongside.conversations.models import Message, Participant
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.safety import Assessment, Level

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


OPEN: list[WebsocketCommunicator] = []  # every connection a test made, to end after it


@pytest.fixture(autouse=True)
async def close_connections_after():
    """Every connection a test left open ends as a browser's would (so the consumers count right), then
    the long-lived database threads close their connections, so the test database can be dropped."""
    yield
    while OPEN:
        with suppress(Exception):
            await OPEN.pop().disconnect()
    await close_live_connections()


@database_sync_to_async
def talk():
    """A conversation, its member and supporter, and a supporter from elsewhere in the program."""
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    return conversation, member, supporter, person(conversation.program, Role.SUPPORTER)


async def connect(user, conversation, query="", app=None, headers=None):
    communicator = WebsocketCommunicator(
        app or URLRouter(websocket_urlpatterns),
        f"/ws/conversations/{conversation.pk}/{query}",
        headers=headers,
    )
    if app is None:
        communicator.scope["user"] = user
    OPEN.append(communicator)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive_any(communicator, count):
    """The next `count` frames, whatever their types."""
    return [await communicator.receive_json_from(timeout=3) for _ in range(count)]


async def closed_with(communicator):
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close"
    return output.get("code")


async def receive(communicator, *types):
    """The next frames, which must be of these types, in this order."""
    frames = [await communicator.receive_json_from(timeout=3) for _ in types]
    assert [f["type"] for f in frames] == list(types), frames
    return frames


async def test_a_participant_connects_and_a_stranger_is_turned_away():
    conversation, member, _, stranger = await talk()
    communicator = await connect(member, conversation)
    assert await communicator.receive_nothing()
    refused = await connect(stranger, conversation)
    assert await closed_with(refused) == 4403


async def test_someone_not_signed_in_is_asked_to_sign_in():
    conversation, *_ = await talk()
    assert await closed_with(await connect(AnonymousUser(), conversation)) == 4401


async def test_a_missing_conversation_looks_like_a_forbidden_one():
    conversation, member, *_ = await talk()
    conversation.pk += 1000
    assert await closed_with(await connect(member, conversation)) == 4403


async def test_send_is_acknowledged_after_commit_and_reaches_everyone():
    conversation, member, supporter, _ = await talk()
    mine, theirs = await connect(member, conversation), await connect(supporter, conversation)
    client_id = str(uuid4())
    await mine.send_json_to({"type": "send", "client_id": client_id, "body": "  Hello, Jordan.  "})
    ack, echo = await receive(mine, "ack", "message")
    assert ack == {"type": "ack", "client_id": client_id, "seq": 1}
    # Acknowledged means committed: another connection to the database sees it.
    assert await database_sync_to_async(
        Message.objects.filter(seq=1, body="Hello, Jordan.").exists
    )()
    [delivered] = await receive(theirs, "message")
    assert delivered == echo
    assert (delivered["seq"], delivered["body"], delivered["client_id"]) == (
        1,
        "Hello, Jordan.",
        client_id,
    )
    assert delivered["sender"] == {"id": member.pk, "name": str(member)}


async def test_a_resend_after_a_lost_ack_never_duplicates():
    conversation, member, supporter, _ = await talk()
    mine, theirs = await connect(member, conversation), await connect(supporter, conversation)
    frame = {"type": "send", "client_id": str(uuid4()), "body": "Are you there?"}
    await mine.send_json_to(frame)
    await receive(mine, "ack", "message")
    await receive(theirs, "message")
    await mine.send_json_to(frame)
    [ack] = await receive(mine, "ack")
    assert ack["seq"] == 1
    assert await theirs.receive_nothing()
    assert await database_sync_to_async(Message.objects.count)() == 1


async def test_a_stranger_in_another_conversation_hears_nothing():
    conversation, member, _, _ = await talk()
    elsewhere = await database_sync_to_async(conversation_with)(program=conversation.program)
    other_member, _ = await database_sync_to_async(people_of)(elsewhere)
    stranger = await connect(other_member, elsewhere)
    mine = await connect(member, conversation)
    await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": "private"})
    await receive(mine, "ack", "message")
    await mine.send_json_to({"type": "typing"})
    assert await stranger.receive_nothing()


async def test_access_is_checked_again_on_every_frame():
    conversation, member, supporter, _ = await talk()
    mine = await connect(member, conversation)
    await database_sync_to_async(Participant.objects.filter(user=member).delete)()
    await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": "still here?"})
    assert await closed_with(mine) == 4403
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_a_deactivated_account_loses_its_live_connection():
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    member.is_active = False
    await database_sync_to_async(member.save)()
    await mine.send_json_to({"type": "ping"})
    assert await closed_with(mine) == 4403


@pytest.mark.parametrize("frame", ["ping", "send"])
async def test_signing_out_elsewhere_ends_the_live_connection(frame):
    conversation, member, *_ = await talk()

    def session_cookie():
        client = Client()
        client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    key = await database_sync_to_async(session_cookie)()
    headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]
    mine = await connect(
        None,
        conversation,
        app=signed_in(URLRouter(websocket_urlpatterns)),
        headers=headers,
    )
    await mine.send_json_to({"type": "ping"})
    await receive(mine, "pong")
    await database_sync_to_async(Session.objects.filter(session_key=key).delete)()
    # A send asks about the session in its own first round trip (services.send_message).
    await mine.send_json_to(
        {"type": "ping"}
        if frame == "ping"
        else {"type": "send", "client_id": str(uuid4()), "body": "Are you still there?"}
    )
    assert await closed_with(mine) == 4401
    assert await database_sync_to_async(Message.objects.count)() == 0


async def test_staff_must_have_given_their_two_step_code():
    conversation, member, _, _ = await talk()

    def staff_participant():
        admin = person(conversation.program, Role.SUPPORTER, Role.ADMIN)
        Participant.objects.create(conversation=conversation, user=admin, role=Role.SUPPORTER)
        return admin

    admin = await database_sync_to_async(staff_participant)()
    assert await closed_with(await connect(admin, conversation)) == 4403


async def test_reconnecting_with_after_seq_replays_exactly_the_missing_ones():
    conversation, member, supporter, _ = await talk()
    for n in range(1, 6):
        await database_sync_to_async(say)(conversation, supporter if n % 2 else member, f"m{n}")
    mine = await connect(member, conversation, "?after_seq=2")
    frames = await receive(mine, "message", "message", "message", "read", "state", "resumed")
    assert [f["seq"] for f in frames[:3]] == [3, 4, 5]
    assert frames[3] == {
        "type": "read",
        "conversation": conversation.pk,
        "user": supporter.pk,
        "seq": 5,
    }
    assert frames[4]["status"] == "open" and frames[5]["last_seq"] == 5
    assert await mine.receive_nothing()


async def test_a_resume_frame_replays_what_came_after():
    conversation, member, supporter, _ = await talk()
    for n in range(3):
        await database_sync_to_async(say)(conversation, supporter, f"m{n}")
    mine = await connect(member, conversation)
    await mine.send_json_to({"type": "resume", "after_seq": 1})
    frames = await receive(mine, "message", "message", "read", "state", "resumed")
    assert [f["seq"] for f in frames[:2]] == [2, 3]


async def test_edits_made_while_away_come_back_on_resume():
    conversation, member, supporter, _ = await talk()
    first = await database_sync_to_async(say)(conversation, supporter, "helo")
    await database_sync_to_async(services.edit_message)(
        editor=supporter, message=first, body="hello"
    )
    mine = await connect(member, conversation, "?after_seq=1&after_change=1")
    [update, *_] = await receive(mine, "update", "read", "state", "resumed")
    assert (update["seq"], update["body"], update["edited"]) == (1, "hello", True)


async def test_a_message_that_overtakes_its_predecessor_brings_it_along(monkeypatch):
    """With two processes, seq 2's broadcast can arrive before seq 1's; the connection still delivers
    1 then 2, and 1's late broadcast is dropped."""
    conversation, member, supporter, _ = await talk()
    mine = await connect(member, conversation)
    monkeypatch.setattr(
        realtime, "broadcast_now", lambda group, payload: None
    )  # hold the broadcasts
    one = await database_sync_to_async(say)(conversation, supporter, "one")
    two = await database_sync_to_async(say)(conversation, supporter, "two")
    layer = get_channel_layer()
    group = realtime.conversation_group(conversation.pk)
    await layer.group_send(group, realtime.layer_message(group, realtime.message_event(two)))
    frames = await receive(mine, "message", "message")
    assert [f["seq"] for f in frames] == [1, 2]
    await layer.group_send(group, realtime.layer_message(group, realtime.message_event(one)))
    assert await mine.receive_nothing()


async def test_typing_reaches_the_others_and_is_not_stored():
    conversation, member, supporter, _ = await talk()
    mine, theirs = await connect(member, conversation), await connect(supporter, conversation)
    await mine.send_json_to({"type": "typing"})
    [typing] = await receive(theirs, "typing")
    assert (typing["user"], typing["name"]) == (member.pk, str(member))
    await mine.send_json_to({"type": "typing"})  # too soon after the first: dropped
    await receive(mine, "typing")  # its own, once
    assert await theirs.receive_nothing()


async def test_read_receipts_move_the_cursor_and_tell_the_others():
    conversation, member, supporter, _ = await talk()
    await database_sync_to_async(say)(conversation, supporter, "How was today?")
    mine, theirs = await connect(member, conversation), await connect(supporter, conversation)
    await mine.send_json_to({"type": "read", "seq": 1})
    [read] = await receive(theirs, "read")
    assert (read["user"], read["seq"]) == (member.pk, 1)
    seat = await database_sync_to_async(Participant.objects.get)(user=member)
    assert seat.last_read_seq == 1


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_frame"),
        ('["a list"]', "bad_frame"),
        ('{"type": "dance"}', "bad_frame"),
        ('{"type": "send", "body": "no client id"}', "bad_frame"),
        ('{"type": "resume", "after_seq": -1}', "bad_frame"),
    ],
)
async def test_a_bad_frame_gets_an_error_and_the_connection_stays(frame, code):
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    await mine.send_to(text_data=frame)
    [error] = await receive(mine, "error")
    assert error["code"] == code
    await mine.send_json_to({"type": "ping"})
    await receive(mine, "pong")


async def test_a_refused_message_is_reported_with_its_client_id():
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    client_id = str(uuid4())
    await mine.send_json_to({"type": "send", "client_id": client_id, "body": "x" * 5000})
    [error] = await receive(mine, "error")
    assert (error["code"], error["client_id"]) == ("too_long", client_id)


async def test_after_the_end_sending_is_refused_and_everyone_hears_it_ended():
    conversation, member, supporter, _ = await talk()
    mine = await connect(member, conversation)
    await database_sync_to_async(services.end_conversation)(
        supporter=supporter, conversation=conversation, closing_note="Take good care."
    )
    note, state = await receive(mine, "message", "state")
    assert (note["kind"], note["body"], state["status"]) == ("closing", "Take good care.", "ended")
    await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": "wait"})
    [error] = await receive(mine, "error")
    assert error["code"] == "ended"


async def test_a_message_at_high_risk_brings_the_crisis_options(monkeypatch):
    monkeypatch.setattr(services, "assess", lambda text, **_: Assessment(level=Level.IMMINENT))
    conversation, member, *_ = await talk()
    mine = await connect(member, conversation)
    await mine.send_json_to(
        {"type": "send", "client_id": str(uuid4()), "body": "synthetic test words"}
    )
    [ack, _] = await receive(mine, "ack", "message")
    assert ack["crisis"] is True


@database_sync_to_async
def _database_sessions():
    """Other sessions on the test database right now (this query's own session left out)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


async def test_no_database_session_outlives_the_last_connection():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("counts sessions in pg_stat_activity: PostgreSQL only")
    conversation, member, supporter, stranger = await talk()
    before = await _database_sessions()
    mine, theirs = await connect(member, conversation), await connect(supporter, conversation)
    refused = await connect(stranger, conversation)
    assert await closed_with(refused) == 4403
    await refused.disconnect()
    for n in range(3):
        await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": f"Hi {n}"})
        await receive(mine, "ack", "message")
        await receive(theirs, "message")
    await theirs.send_json_to({"type": "read", "seq": 3})
    await theirs.send_json_to({"type": "ping"})
    # Their own read receipt comes back too, before or after the pong.
    assert sorted(f["type"] for f in await receive_any(theirs, 2)) == ["pong", "read"]
    assert await _database_sessions() > before  # the live threads hold theirs while people are here
    await mine.disconnect()
    await theirs.disconnect()
    # A closed session leaves pg_stat_activity a moment after its client hangs up: wait for that.
    deadline = asyncio.get_running_loop().time() + 5
    while (left := await _database_sessions()) > before:
        assert asyncio.get_running_loop().time() < deadline, f"{left - before} sessions stayed open"
        await asyncio.sleep(0.05)
    assert left <= before


@database_sync_to_async
def a_room_with_words_before_a_newcomer():
    """A room where two people talked, then a third joined, then one more message."""
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    room = services.open_room(
        program=conversation.program,
        title="Drop-in room",
        people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)],
    )
    services.send_message(
        conversation=room, sender=member, client_id=uuid4(), body="Before you came."
    )
    earlier = timezone.now() - timedelta(minutes=10)  # the two were there well before
    room.participants.update(created_at=earlier)
    Message.objects.filter(conversation=room).update(created_at=earlier + timedelta(minutes=5))
    newcomer = person(conversation.program, Role.MEMBER)
    services.join_room(conversation=room, user=newcomer, role=Role.MEMBER)
    services.send_message(
        conversation=room, sender=supporter, client_id=uuid4(), body="Welcome in."
    )
    return room, newcomer


async def test_a_newcomer_to_a_room_is_not_replayed_what_was_said_before_they_came():
    room, newcomer = await a_room_with_words_before_a_newcomer()
    communicator = await connect(newcomer, room, "?after_seq=0")
    frames = []
    while not frames or frames[-1]["type"] != "resumed":
        frames.append(await communicator.receive_json_from(timeout=3))
    bodies = [f["body"] for f in frames if f["type"] == "message"]
    assert bodies == ["Welcome in."]
    await communicator.send_json_to({"type": "resume", "after_seq": 0})
    frames = []
    while not frames or frames[-1]["type"] != "resumed":
        frames.append(await communicator.receive_json_from(timeout=3))
    assert [f["body"] for f in frames if f["type"] == "message"] == ["Welcome in."]


async def test_a_connection_that_falls_far_behind_is_closed_to_catch_up(monkeypatch):
    monkeypatch.setattr(consumers, "INBOX_LIMIT", 2)
    conversation, member, supporter, _ = await talk()
    mine = await connect(member, conversation)
    group = realtime.conversation_group(conversation.pk)
    for n in range(5):  # arrive together, faster than the socket takes them
        await realtime.abroadcast_now(
            group,
            realtime.typing_event(
                conversation_id=conversation.pk, user_id=supporter.pk, name=f"S{n}"
            ),
        )
    while (output := await mine.receive_output(timeout=3))["type"] != "websocket.close":
        assert output["type"] == "websocket.send"  # whatever went out before
    assert output["code"] == consumers.CLOSE_FELL_BEHIND  # chat.js reconnects with after_seq


async def test_a_message_sent_as_the_sender_leaves_still_reaches_the_others(monkeypatch):
    conversation, member, supporter, _ = await talk()
    theirs = await connect(supporter, conversation)
    mine = await connect(member, conversation)
    entered, go_on = asyncio.Event(), asyncio.Event()
    quick_send = services.asend_message

    async def slow_to_start(**kwargs):  # holds the send until the sender's socket has gone
        entered.set()
        await go_on.wait()
        return await quick_send(**kwargs)

    monkeypatch.setattr(services, "asend_message", slow_to_start)
    await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": "Bye for now."})
    await entered.wait()
    OPEN.remove(mine)
    await mine.disconnect()  # the phone locks: the connection's tasks are cancelled
    go_on.set()

    [message] = await receive(theirs, "message")
    assert message["body"] == "Bye for now."
