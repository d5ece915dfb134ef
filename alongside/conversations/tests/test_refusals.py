"""The refusal rules, written once (`services.refusals`), run through both send paths: the same table of
cases gives the same outcome and the same reason code whether a message comes through `send_message`
(a page, the API, a live connection's thread) or `asend_message` (a live connection on the event loop).

On PostgreSQL the loop path is the real one: its own asynchronous connection learns the facts in one
pipelined round trip (`_alock_for_sending`) and the pure rules read them; `asend_message` stores the
accepted message and nothing for a refused one. Elsewhere the loop path gives way to `send_message`
before any work, as the consumer does, so the table checks that hand-over."""

from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.conversations import services
from alongside.conversations.livedb import close_live_connections, live_pg
from alongside.conversations.models import Message
from alongside.conversations.services import Refusal, SignedOut
from alongside.conversations.tests.factories import conversation_with, people_of
from alongside.matching.services import block

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Thinking of you today."

# case → the reason code both paths give (None: the message goes out).
TABLE = {
    "accepted": None,
    "signed_out": Refusal.SIGNED_OUT,
    "not_seated": Refusal.NOT_PARTICIPANT,
    "inactive": Refusal.NOT_PARTICIPANT,
    "gone": Refusal.NOT_PARTICIPANT,
    "ended": Refusal.ENDED,
    "left": Refusal.LEFT,
    "suspended": Refusal.SUSPENDED,
    "banned": Refusal.SUSPENDED,
    "blocked": Refusal.BLOCKED,
    "blocked_by_them": Refusal.BLOCKED,
    "muted": Refusal.MUTED,
}


@pytest.fixture
async def close_after():
    yield
    await close_live_connections()  # this test's event loop's connections, too


def _arrange(case):
    """Set up `case`; the conversation, the sender and the live connection's session key."""
    from alongside.groups import services as groups
    from alongside.groups.tests.factories import group_of, meeting_now
    from alongside.safety.moderation.tests.factories import action_on

    conversation = conversation_with()
    member, supporter = people_of(conversation)
    session_key = None
    if case == "signed_out":
        session_key = "a-session-that-has-ended"
    elif case == "not_seated":
        member = person(conversation.program, Role.SUPPORTER)
    elif case == "inactive":
        type(member).objects.filter(pk=member.pk).update(is_active=False)
    elif case == "gone":
        type(conversation).objects.filter(pk=conversation.pk).delete()
    elif case == "ended":
        services.end_conversation(
            supporter=supporter, conversation=conversation, closing_note="Take good care."
        )
    elif case == "left":
        conversation = services.open_room(
            program=conversation.program,
            title="Drop-in room",
            people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)],
        )
        services.leave_conversation(conversation=conversation, member=member, wants_new_peer=False)
    elif case in ("suspended", "banned"):
        action_on(member, conversation.program, "ban" if case == "banned" else "suspend")
    elif case == "blocked":
        block(blocker=member, blocked=supporter)
    elif case == "blocked_by_them":
        block(blocker=supporter, blocked=member)
    elif case == "muted":
        group = group_of(conversation.program, facilitators=[supporter])
        groups.join_group(group=group, member=member)
        meeting = meeting_now(group)
        conversation = groups.enter_meeting_room(meeting=meeting, user=member)
        groups.mute_in_room(meeting=meeting, facilitator=supporter, member=member)
    return conversation, member, session_key


@database_sync_to_async
def _stored(conversation):
    return list(Message.objects.filter(conversation_id=conversation.pk).values_list("seq", "body"))


def _code(error):
    """The reason code a refusal of `send_message` carries."""
    if isinstance(error, SignedOut):
        return Refusal.SIGNED_OUT
    if isinstance(error, PermissionDenied):
        return Refusal.NOT_PARTICIPANT
    assert isinstance(error, ValidationError)
    return Refusal(error.code)


@database_sync_to_async
def _through_send_message(conversation, sender, session_key):
    try:
        services.send_message(
            conversation=conversation,
            sender=sender,
            client_id=uuid4(),
            body=BODY,
            session_key=session_key,
        )
    except (PermissionDenied, ValidationError) as error:
        return _code(error)
    return None


async def _the_loop_s_reason(conversation, sender, session_key):
    """On PostgreSQL: what the loop path's own round trip learns, read by the shared rules."""
    async with live_pg() as pg:
        assert pg is not None
        try:
            async with pg.pipeline() as pipeline:
                found = await services._alock_for_sending(
                    pg, pipeline, conversation, sender.pk, uuid4(), session_key=session_key
                )
        except PermissionDenied:
            return Refusal.NOT_PARTICIPANT
        finally:
            await pg.rollback()
    reasons = services.refusals(conversation.kind, found, sender.pk)
    return reasons[0] if reasons else None


async def _through_the_loop(conversation, sender, session_key):
    before = await _stored(conversation)
    sent = await services.asend_message(
        conversation=conversation,
        sender=sender,
        client_id=uuid4(),
        body=BODY,
        session_key=session_key,
    )
    if connection.vendor != "postgresql":
        assert sent is None  # gives way before any work: the consumer calls send_message
        return await _through_send_message(conversation, sender, session_key)
    reason = await _the_loop_s_reason(conversation, sender, session_key)
    if reason is None:
        assert sent is not None and sent.message.body == BODY
        assert (sent.message.seq, BODY) in await _stored(conversation)
    else:
        assert sent is None  # refused on the loop: nothing stored, send_message will say why
        assert await _stored(conversation) == before
    return reason


@pytest.mark.anyio
@pytest.mark.parametrize("case", TABLE)
async def test_both_send_paths_give_the_same_outcome_and_reason(case, close_after):
    conversation, sender, session_key = await database_sync_to_async(_arrange)(case)

    on_the_loop = await _through_the_loop(conversation, sender, session_key)
    through_send_message = await _through_send_message(conversation, sender, session_key)

    assert on_the_loop == through_send_message == TABLE[case]


def test_the_table_names_every_reason():
    assert {reason for reason in TABLE.values() if reason} == set(Refusal)


def test_a_paused_person_hears_of_the_boundary_first_as_before():
    """The one rule told after the boundary guard: a muted person's message that shares a phone
    number is answered with the boundary warning, then (confirmed) with the pause."""
    conversation, member, _key = _arrange("muted")
    body = "My number is 555-123-4567, text me anytime"
    with pytest.raises(services.BoundaryWarning):
        services.send_message(
            conversation=conversation, sender=member, client_id=uuid4(), body=body
        )
    with pytest.raises(ValidationError) as refused:
        services.send_message(
            conversation=conversation,
            sender=member,
            client_id=uuid4(),
            body=body,
            confirm_boundary=True,
        )
    assert refused.value.code == Refusal.MUTED
