"""Probing the connect in plain statements (`connecting.open_live`) as an attacker would: every session,
person and seat that Django's `get_user` and `access_live` turn away is turned away over the real
consumer, cookie and all, and each case answers as the slow way (the fast path switched off) does."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership
from alongside.accounts.selectors import PROGRAM_SESSION_KEY
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.audit.models import AccessLog
from alongside.common.websockets import signed_in
from alongside.conversations import connecting, services
from alongside.conversations.models import Participant
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.conversations.tests.test_consumers import (  # noqa: F401  # the autouse fixture too
    close_connections_after,
    closed_with,
    connect,
    receive,
)
from conftest import session_for, session_store

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]

ADMITTED = "admitted"


def _rewrite(key, **data):
    """Change the stored session's own data (what only the server can do), keeping its key."""
    stored = session_store(key)
    for name, value in data.items():
        if value is None:
            stored.pop(name, None)
        else:
            stored[name] = value
    stored.save()


def _slow(monkeypatch):
    """Switch the fast path off: every connect goes through `get_user`/`access_live` themselves."""

    def slow(*args, **kwargs):
        raise connecting.Slow

    monkeypatch.setattr(connecting, "_open_fast", slow)


async def _outcome(conversation, key, query=""):
    """What a socket carrying `key` as its cookie gets: ADMITTED, or the close code it is refused with
    (a refusal is an accept and a close at once); the socket; and, when resuming, the first frame (a
    resume always sends at least `state` and `resumed`)."""
    headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]
    app = signed_in(URLRouter(websocket_urlpatterns))
    socket = await connect(None, conversation, query=query, app=app, headers=headers)
    if not query and await socket.receive_nothing():
        return ADMITTED, socket, None
    output = await socket.receive_output(timeout=3)
    if output["type"] == "websocket.close":
        return output.get("code"), socket, None
    return ADMITTED, socket, json.loads(output["text"])


async def _both_ways(monkeypatch, conversation, make_key, query=""):
    """The outcome the fast path gives, then the slow way's for a fresh but identical session: the
    same. `make_key` makes the session (a refusal may end it)."""
    fast, *_ = await _outcome(conversation, await database_sync_to_async(make_key)(), query)
    with monkeypatch.context() as patch:
        _slow(patch)
        slow, *_ = await _outcome(conversation, await database_sync_to_async(make_key)(), query)
    assert fast == slow
    return fast


@database_sync_to_async
def _talk():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, supporter, "First words.")
    return conversation, member, supporter


# --- the session --------------------------------------------------------------------------------


async def test_a_plain_member_is_admitted_the_fast_way(monkeypatch):
    """The control: the probes below are refused for what they change, not for anything else."""
    conversation, member, _ = await _talk()
    looked_up = []
    monkeypatch.setattr(connecting, "person_of", looked_up.append)  # the slow way, never reached
    key = await database_sync_to_async(session_for)(member)
    assert (await _outcome(conversation, key))[0] == ADMITTED
    assert looked_up == []


async def test_an_expired_session_is_refused(monkeypatch):
    conversation, member, _ = await _talk()

    def expired():
        key = session_for(member)
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timezone.timedelta(seconds=1)
        )
        return key

    assert await _both_ways(monkeypatch, conversation, expired) == 4401


async def test_an_unknown_or_malformed_session_key_is_refused(monkeypatch):
    conversation, *_ = await _talk()
    for key in ("x" * 32, "short", "", "' OR 1=1 --"):
        assert await _both_ways(monkeypatch, conversation, lambda key=key: key) == 4401


@pytest.mark.parametrize(
    "change",
    [
        {SESSION_KEY: None},
        {BACKEND_SESSION_KEY: None},
        {HASH_SESSION_KEY: None},
        {HASH_SESSION_KEY: ""},
        {HASH_SESSION_KEY: "0" * 64},
        {BACKEND_SESSION_KEY: "alongside.no.such.Backend"},
        {BACKEND_SESSION_KEY: "django.contrib.auth.backends.AllowAllUsersModelBackend"},
    ],
    ids=["no user", "no backend", "no hash", "empty hash", "wrong hash", "unknown", "unlisted"],
)
async def test_a_session_missing_or_altering_what_get_user_reads_is_refused(monkeypatch, change):
    conversation, member, _ = await _talk()

    def altered():
        key = session_for(member)
        _rewrite(key, **change)
        return key

    assert await _both_ways(monkeypatch, conversation, altered) == 4401


async def test_a_malformed_user_id_in_the_session_is_refused():
    """Django's `get_user` raises on it (its pk's `to_python`); the fast path signs the socket out."""
    conversation, member, _ = await _talk()
    for user_id in ("not-a-number", "1; DROP TABLE accounts_user", "", "1.5e3"):
        key = await database_sync_to_async(session_for)(member)
        await database_sync_to_async(_rewrite)(key, **{SESSION_KEY: user_id})
        assert (await _outcome(conversation, key))[0] == 4401


async def test_another_persons_id_in_a_session_does_not_carry_their_hash(monkeypatch):
    """A session whose user id names someone seated (the supporter) but whose hash is the member's."""
    conversation, member, supporter = await _talk()

    def swapped():
        key = session_for(member)
        _rewrite(key, **{SESSION_KEY: str(supporter.pk)})
        return key

    assert await _both_ways(monkeypatch, conversation, swapped) == 4401


async def test_a_session_signed_with_an_old_secret_key(monkeypatch, settings):
    """A hash made with a key now in SECRET_KEY_FALLBACKS still signs in (Django renews the session);
    one made with a key that is no longer trusted at all does not."""
    conversation, member, _ = await _talk()
    old = settings.SECRET_KEY
    keys = [await database_sync_to_async(session_for)(member) for _ in range(2)]
    settings.SECRET_KEY = "a-new-secret-key-" + "z" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    assert (await _outcome(conversation, keys[0]))[0] == ADMITTED
    assert not await database_sync_to_async(Session.objects.filter(session_key=keys[0]).exists)()
    settings.SECRET_KEY_FALLBACKS = []
    assert (await _outcome(conversation, keys[1]))[0] == 4401


async def test_a_hash_signed_by_an_untrusted_key_but_data_still_readable_is_refused(settings):
    """The session's data signed with today's key, but its auth hash made with a key that is no
    longer trusted: signed out."""
    conversation, member, _ = await _talk()
    old = settings.SECRET_KEY
    key = await database_sync_to_async(session_for)(member)
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    await database_sync_to_async(_rewrite)(key, touched="yes")  # re-signed with the new key
    settings.SECRET_KEY_FALLBACKS = []
    assert (await database_sync_to_async(session_store(key).load)())[SESSION_KEY] == str(member.pk)
    assert (await _outcome(conversation, key))[0] == 4401


# --- the person ---------------------------------------------------------------------------------


async def test_an_inactive_person_is_refused(monkeypatch):
    conversation, member, _ = await _talk()
    await database_sync_to_async(type(member).objects.filter(pk=member.pk).update)(is_active=False)
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(member)) == 4401


async def test_a_deleted_person_is_refused():
    conversation = await database_sync_to_async(conversation_with)()
    member, _ = await database_sync_to_async(people_of)(conversation)
    key = await database_sync_to_async(session_for)(member)
    await database_sync_to_async(member.delete)()
    assert (await _outcome(conversation, key))[0] == 4401


async def test_a_password_changed_since_signing_in_is_refused(monkeypatch):
    conversation, member, _ = await _talk()

    def then_new_password():
        key = session_for(member)
        member.set_password("a new and different passphrase " + key[:6])
        member.save(update_fields=["password"])
        return key

    assert await _both_ways(monkeypatch, conversation, then_new_password) == 4401


# --- staff and the two-step code ----------------------------------------------------------------


@database_sync_to_async
def _seated_admin(conversation):
    admin = person(conversation.program, Role.SUPPORTER, Role.ADMIN)
    Participant.objects.create(conversation=conversation, user=admin, role=Role.SUPPORTER)
    return admin


async def test_staff_without_their_two_step_code_are_refused(monkeypatch):
    conversation, *_ = await _talk()
    admin = await _seated_admin(conversation)
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(admin)) == 4403


async def test_staff_with_someone_elses_device_or_no_such_device_are_refused(monkeypatch):
    conversation, member, supporter = await _talk()
    admin = await _seated_admin(conversation)
    other = await database_sync_to_async(person)(conversation.program, Role.SUPERVISOR)
    theirs = await database_sync_to_async(TOTPDevice.objects.get)(user=other)
    for device in (theirs.persistent_id, "otp_totp.totpdevice/999999", "nonsense"):
        assert (
            await _both_ways(
                monkeypatch,
                conversation,
                lambda device=device: session_for(admin, **{DEVICE_ID_SESSION_KEY: device}),
            )
            == 4403
        )


async def test_staff_with_their_code_are_admitted_and_their_read_audited_once(monkeypatch):
    conversation, member, _ = await _talk()
    admin = await _seated_admin(conversation)
    device = await database_sync_to_async(TOTPDevice.objects.get)(user=admin)
    key = await database_sync_to_async(session_for)(
        admin, **{DEVICE_ID_SESSION_KEY: device.persistent_id}
    )
    assert (await _outcome(conversation, key))[0] == ADMITTED
    reads = await database_sync_to_async(list)(AccessLog.objects.filter(actor=admin))
    assert [(r.record_id, r.subject_id) for r in reads] == [(str(conversation.pk), member.pk)]


async def test_a_member_reading_their_own_conversation_is_not_audited():
    conversation, member, _ = await _talk()
    key = await database_sync_to_async(session_for)(member)
    assert (await _outcome(conversation, key))[0] == ADMITTED
    assert not await database_sync_to_async(AccessLog.objects.filter(actor=member).exists)()


async def test_staff_need_their_code_whichever_program_the_session_has_chosen(monkeypatch):
    """An admin in the conversation's program who chose another program in the session, where they are
    a plain member: the code is the account's, so it is still asked for (it was not, before: choosing
    the member program skipped it); and still after that membership is removed."""
    conversation, *_ = await _talk()
    admin = await _seated_admin(conversation)
    elsewhere = await database_sync_to_async(ProgramFactory)()
    await database_sync_to_async(Membership.objects.create)(
        user=admin, program=elsewhere, role=Role.MEMBER
    )
    chosen = {PROGRAM_SESSION_KEY: elsewhere.pk}
    # Pinned to the program where they are a plain member: refused both ways, as pages are.
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(admin, **chosen)) == 4403
    await database_sync_to_async(Membership.objects.filter(program=elsewhere).delete)()
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(admin, **chosen)) == 4403


# --- the seat -----------------------------------------------------------------------------------


async def test_a_stranger_and_a_missing_conversation_are_refused(monkeypatch):
    conversation, *_ = await _talk()
    stranger = await database_sync_to_async(person)(conversation.program, Role.SUPPORTER)
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(stranger)) == 4403

    class Missing:
        pk = conversation.pk + 10_000

    assert await _both_ways(monkeypatch, Missing, lambda: session_for(stranger)) == 4403


async def test_someone_removed_from_a_room_is_refused_and_replayed_nothing(monkeypatch):
    conversation, member, supporter = await _talk()

    @database_sync_to_async
    def a_room_without_the_member():
        room = services.open_room(
            program=conversation.program,
            title="Drop-in room",
            people=[(supporter, Role.SUPPORTER), (member, Role.MEMBER)],
        )
        say(room, supporter, "Said in the room.")
        services.remove_from_room(conversation=room, user=member)
        return room

    room = await a_room_without_the_member()
    for query in ("", "?after_seq=0", "?after_seq=0&after_change=0"):
        code = await _both_ways(monkeypatch, room, lambda: session_for(member), query)
        assert code == 4403


async def test_a_supporter_of_another_program_is_refused(monkeypatch):
    conversation, *_ = await _talk()
    elsewhere = await database_sync_to_async(ProgramFactory)()
    outsider = await database_sync_to_async(person)(elsewhere, Role.SUPPORTER, Role.MEMBER)
    chosen = {PROGRAM_SESSION_KEY: conversation.program.pk}  # naming the conversation's program
    for data in ({}, chosen):
        assert (
            await _both_ways(
                monkeypatch,
                conversation,
                lambda data=data: session_for(outsider, **data),
                "?after_seq=0",
            )
            == 4403
        )


async def test_a_seat_in_a_conversation_of_another_program_answers_as_the_slow_way(monkeypatch):
    """Someone seated in a conversation of their second program, with the first chosen: the seat
    decides, as `access_conversation` does for the pages (a seat is the access)."""
    elsewhere = await database_sync_to_async(ProgramFactory)()
    conversation, member, _ = await _talk()
    await database_sync_to_async(Membership.objects.create)(
        user=member, program=elsewhere, role=Role.MEMBER
    )
    chosen = {PROGRAM_SESSION_KEY: elsewhere.pk}
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(member, **chosen)) == (
        ADMITTED
    )


async def test_a_member_who_left_or_whose_conversation_ended_still_reads_it(monkeypatch):
    """Left and ended conversations stay readable (`access_conversation`): admitted both ways, and a
    resume replays only this conversation's own messages."""
    conversation, member, supporter = await _talk()
    await database_sync_to_async(services.leave_conversation)(
        member=member, conversation=conversation, wants_new_peer=False
    )
    assert await _both_ways(monkeypatch, conversation, lambda: session_for(member)) == ADMITTED
    key = await database_sync_to_async(session_for)(member)
    headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]
    app = signed_in(URLRouter(websocket_urlpatterns))
    socket = await connect(None, conversation, query="?after_seq=0", app=app, headers=headers)
    frames = await receive(socket, "message", "message", "read", "state", "resumed")
    assert {f["conversation"] for f in frames[:2]} == {conversation.pk}
    assert frames[3]["status"] != "open"


# --- after_seq ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "after_seq", ["-1", "abc", "1.5", "0x10", "%C2%B2", "%D9%A1", "1e3", "+1", "%201"]
)
async def test_an_after_seq_that_is_not_a_plain_count_replays_nothing(after_seq):
    """Only ASCII digits resume; anything else (a superscript two passes `str.isdigit` but not `int`)
    opens a fresh connection that replays nothing."""
    conversation, member, _ = await _talk()
    key = await database_sync_to_async(session_for)(member)
    headers = [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]
    app = signed_in(URLRouter(websocket_urlpatterns))
    socket = await connect(None, conversation, f"?after_seq={after_seq}", app=app, headers=headers)
    await socket.send_json_to({"type": "ping"})
    await receive(socket, "pong")  # nothing replayed before it


@pytest.mark.parametrize("after_seq", ["9223372036854775807", "9223372036854775808", "9" * 40])
async def test_a_huge_after_seq_replays_nothing(monkeypatch, after_seq):
    """Beyond the largest seq the database holds: nothing missed, as `messages_after` answers; not a
    crash of the connect."""
    conversation, member, _ = await _talk()
    query = f"?after_seq={after_seq}&after_change={after_seq}"
    outcome, socket, first = await _outcome(
        conversation, await database_sync_to_async(session_for)(member), query
    )
    assert (outcome, first["type"]) == (ADMITTED, "read")
    assert (await receive(socket, "state", "resumed"))[1]["last_seq"] == 1
    with monkeypatch.context() as patch:
        _slow(patch)
        key = await database_sync_to_async(session_for)(member)
        assert (await _outcome(conversation, key, query))[2]["type"] == "read"


async def test_a_stranger_resuming_from_zero_is_replayed_nothing():
    conversation, *_ = await _talk()
    stranger = await database_sync_to_async(person)(conversation.program, Role.MEMBER)
    key = await database_sync_to_async(session_for)(stranger)
    code, socket, _ = await _outcome(conversation, key, "?after_seq=0&after_change=0")
    assert code == 4403
    assert await socket.receive_nothing()
