"""Every change to conversations: start, send, read, edit, delete, end, leave, and notifying people away.

Writing a message takes the conversation's row lock (`_lock`) for the rest of the transaction, so seq
numbers are handed out one at a time and without gaps on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers the same way. Durable events leave through `realtime.broadcast_on_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache, partial
from typing import Any, NamedTuple
from uuid import UUID, uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.common import sql
from alongside.notifications.services import QuietHours, Status, email_person
from alongside.safety import Assessment, assess
from alongside.safety.boundaries import KINDS, Finding, check_boundaries

from . import presence, realtime
from .models import (
    MAX_BODY,
    BoundaryPolicy,
    Conversation,
    ConversationSettings,
    Kind,
    Message,
    MessageKind,
    MessageRevision,
    Notification,
    NotificationKind,
    Participant,
)
from .selectors import signed_in_sql

logger = logging.getLogger(__name__)

EMAIL_DELAY = timedelta(minutes=5)  # someone back within five minutes needs no email
# Safety reads a new message with the writer's few messages just before it, from the last half hour and
# the conversation's last 50 messages ("i'm at the station", then "the next one comes in 8 minutes").
CONTEXT_MESSAGES = 3
CONTEXT_WINDOW = timedelta(minutes=30)
CONTEXT_SPAN = 50


class SignedOut(PermissionDenied):
    """The sign-in a live connection was opened with has ended: sign in again."""


class BoundaryWarning(ValidationError):
    """The boundary guard found something (a phone number, a plan to meet, …) in a message the writer
    has not yet confirmed: nothing was stored; the words stay with the writer, with `findings`."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            _("Before you send this, please have a look: %(reasons)s")
            % {"reasons": " ".join(f.reason for f in findings)},
            code="boundary",
        )
        self.findings = findings


def boundary_policy(program_id: int) -> str:
    """The program's boundary policy: warn (the default) or hold."""
    found = (
        ConversationSettings.objects.filter(program_id=program_id)
        .values_list("boundary_policy", flat=True)
        .first()
    )
    return found or BoundaryPolicy.WARN


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError(_("Please write something before sending."), code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("This message is too long. Please split it into smaller ones."), code="too_long"
        )
    return body


def _lock(conversation_id: int) -> Conversation:
    """The conversation row, locked until the transaction ends: one writer at a time per conversation."""
    return Conversation.objects.select_for_update().get(pk=conversation_id)


def _seat(conversation: Conversation, user: User) -> Participant:
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        raise PermissionDenied
    return seat


def _require_open(conversation: Conversation, *, has_left: bool) -> None:
    if conversation.is_ended:
        raise ValidationError(
            _("This conversation has ended, so new messages cannot be sent."), code="ended"
        )
    if has_left:
        raise ValidationError(_("You have left this conversation."), code="left")


@transaction.atomic
def start_conversation(*, member: User, supporter: User) -> Conversation:
    """A 1:1 conversation between a member and a peer supporter of the same program; the open one they
    already share, if any."""
    program = standing(member).program
    if (
        program is None
        or not standing(member).has(Role.MEMBER)
        or standing(supporter).program != program
        or not standing(supporter).has(Role.SUPPORTER)
    ):
        raise ValidationError(
            _("A conversation needs a member and a peer supporter of one program.")
        )
    existing = (
        Conversation.objects.open()
        .filter(kind=Kind.ONE_TO_ONE, participants__user=member)
        .filter(participants__user=supporter)
        .first()
    )
    if existing is not None:
        return existing
    from alongside.matching.selectors import blocked_ids  # lazy: matching imports this module

    if supporter.pk in blocked_ids(member.pk):
        raise ValidationError(
            _("One of you has blocked the other, so a conversation cannot start."), code="blocked"
        )
    conversation = Conversation.objects.create(program=program, kind=Kind.ONE_TO_ONE)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=member, role=Role.MEMBER),
            Participant(conversation=conversation, user=supporter, role=Role.SUPPORTER),
        ]
    )
    return conversation


@transaction.atomic
def open_room(*, program: Program, title: str, people: list[tuple[User, Role]]) -> Conversation:
    """A room for several people (group rooms build on this; the realtime benchmark uses it)."""
    conversation = Conversation.objects.create(program=program, kind=Kind.ROOM, title=title)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=user, role=role) for user, role in people]
    )
    return conversation


@transaction.atomic
def join_room(*, conversation: Conversation, user: User, role: Role) -> Participant:
    """Seat `user` in a room (again, if they had left); reading starts from what is there now."""
    if conversation.kind != Kind.ROOM or conversation.is_ended:
        raise ValidationError(_("This room is closed."))
    seat, created = Participant.objects.get_or_create(
        conversation=conversation,
        user=user,
        defaults={"role": role, "last_read_seq": conversation.last_seq},
    )
    if not created and seat.left_at is not None:
        seat.left_at = None
        seat.save(update_fields=["left_at", "updated_at"])
    return seat


@transaction.atomic
def remove_from_room(*, conversation: Conversation, user: User) -> bool:
    """Take `user`'s seat in a room away (a group facilitator asked them to leave): they can no longer
    open it, and their live connection closes at its next frame. Their past messages stay. True if
    they had a seat."""
    if conversation.kind != Kind.ROOM:
        raise ValidationError(_("Only a room can have people removed."))
    locked = _lock(conversation.pk)
    removed, _counts = Participant.objects.filter(conversation=locked, user=user).delete()
    Notification.objects.filter(conversation=locked, recipient=user).delete()
    return bool(removed)


def _refuse_in_room(conversation: Conversation, sender: User) -> None:
    """A room belonging to a group meeting may have paused this person's messages (groups keeps that
    state; this asks it)."""
    from alongside.groups.selectors import room_refusal  # lazy: groups imports this module

    if (reason := room_refusal(conversation.pk, sender.pk)) is not None:
        raise ValidationError(reason, code="muted")


def _append(
    conversation: Conversation,
    *,
    sender: User,
    client_id: UUID,
    body: str,
    kind: MessageKind,
    boundary: list[str] | None = None,
    held: bool = False,
    assessment: Assessment | None = None,
    notify: tuple[NotificationKind, list[int]] | None = None,
) -> Message:
    """Number and store one message in a locked conversation, and fan it out after commit. Safety
    assesses the words here unless the caller already did (`assessment`). With `notify` (a kind and
    the other participants), those away are notified in the same batch of statements."""
    if assessment is None and body:
        assessment = assess(body)  # safety sits in the path, before anyone sees it
    message = _new_message(
        conversation,
        sender=sender,
        client_id=client_id,
        body=body,
        kind=kind,
        boundary=boundary,
        held=held,
        assessment=assessment,
    )
    away = _away(conversation.pk, notify[1]) if notify else []
    with sql.batch():  # one round trip on PostgreSQL
        numbered = sql.send(*_numbering(message))
        stored = _store(message)
        read = sql.send(*_reading(message))
        folding = (
            _Folding(conversation.pk, actor_id=sender.pk, kind=notify[0], away=away)
            if notify and away
            else None
        )
    numbered.count()
    read.count()
    _stored(conversation, message, stored())
    if notify and folding is not None:
        _notify_fresh(
            conversation, actor=sender, kind=notify[0], away=away, folded=folding.folded()
        )
    realtime.broadcast_on_commit(
        realtime.conversation_group(conversation.pk), realtime.message_event(message)
    )
    if assessment is not None and assessment.level.opens_escalation:
        from alongside.safety.services import escalate_message  # safety reads conversations

        # Once the message is stored, a human is alerted: one escalation per writer and conversation.
        transaction.on_commit(partial(escalate_message, message.pk), robust=True)
    return message


def _new_message(
    conversation: Conversation,
    *,
    sender: User,
    client_id: UUID,
    body: str,
    kind: MessageKind,
    boundary: list[str] | None,
    held: bool,
    assessment: Assessment | None,
) -> Message:
    """The message about to be stored, numbered by the database (`_numbering`, `_storing`)."""
    now = timezone.now()
    return Message(
        conversation=conversation,
        seq=0,
        change=0,
        sender=sender,
        client_id=client_id,
        kind=kind,
        body=body,
        created_at=now,
        risk_level=assessment.level.value if assessment else "none",
        risk_model_version=assessment.model_version if assessment else "",
        boundary=boundary or [],
        held_at=now if held else None,
    )


def _numbering(message: Message) -> sql.Query:
    """The conversation's next seq and change numbers, taken for `message`."""
    now = sql.when(message.created_at)
    return _number_sql(), [now, now, message.conversation_id]


def _storing(message: Message, *, returning: bool) -> sql.Query:
    """INSERT the message with the conversation's new seq and change numbers (read inside the same
    statement, after `_numbering` took them), perhaps returning its id, seq and change."""
    fields = [f for f in _MESSAGE_FIELDS if f.attname not in ("seq", "change")]
    params = [f.get_db_prep_save(getattr(message, f.attname), connection) for f in fields]
    params += [message.conversation_id, message.conversation_id]
    return _insert_sql(returning=returning), params


def _reading(message: Message) -> sql.Query:
    """Writing counts as having read everything before: the unread count stays last_seq - cursor."""
    return _read_to_sql(), [message.conversation_id, message.conversation_id, message.sender_id]


def _stored(conversation: Conversation, message: Message, numbers: tuple[int, int, int]) -> None:
    """What the database gave the stored message, on it and on its conversation."""
    message.pk, message.seq, message.change = numbers
    message._state.adding = False
    conversation.last_seq, conversation.last_change = message.seq, message.change
    conversation.last_message_at = conversation.updated_at = message.created_at


def _store(message: Message) -> Callable[[], tuple[int, int, int]]:
    """Send `_storing`; a callable that gives the message's id, seq and change."""
    if connection.features.can_return_columns_from_insert:
        pending = sql.send(*_storing(message, returning=True))
        return lambda: _three_ints(pending.one())
    sql.run(*_storing(message, returning=False))
    key = [message.conversation_id, message.sender_id, _client_id_param(message.client_id)]
    return lambda: _three_ints(sql.one(_stored_sql(), key))


def _three_ints(row: tuple[Any, ...] | None) -> tuple[int, int, int]:
    if row is None:
        raise LookupError("the message was not stored")
    return int(row[0]), int(row[1]), int(row[2])


def send_message(
    *,
    conversation: Conversation,
    sender: User,
    client_id: UUID,
    body: str,
    confirm_boundary: bool = False,
    session_key: str | None = None,
) -> Message:
    """Store a message once per client_id, assess it, and fan it out after commit. A resend after a
    lost acknowledgement returns the first copy, with its seq, even if the conversation ended since.

    The boundary guard: a message that shares contact details, plans to meet elsewhere, or asks for
    money is refused with `BoundaryWarning` unless `confirm_boundary` (program policy "warn"), or stored
    but held from the others until a supervisor releases it (policy "hold"). Never dropped.

    `session_key`: the sign-in a live connection was opened with, checked in the same round trip as
    the lock; `SignedOut` if it has ended since (signed out or quick exit elsewhere, or expired)."""
    body = _clean_body(body)
    # Before the lock (pure CPU): most messages find nothing, and then cost nothing more.
    findings = check_boundaries(body)
    assessment = assess(body)
    return _send_locked(
        conversation,
        sender=sender,
        client_id=client_id,
        body=body,
        findings=findings,
        assessment=assessment,
        confirm_boundary=confirm_boundary,
        session_key=session_key,
    )


@transaction.atomic
def _send_locked(
    conversation: Conversation,
    *,
    sender: User,
    client_id: UUID,
    body: str,
    findings: list[Finding],
    assessment: Assessment,
    confirm_boundary: bool,
    session_key: str | None,
) -> Message:
    found = _lock_for_sending(conversation, sender.pk, client_id, session_key=session_key)
    reasons = refusals(conversation.kind, found, sender.pk)
    if Refusal.SIGNED_OUT in reasons:
        raise SignedOut
    if found.existing_id is not None:
        return Message.objects.select_related("sender").get(pk=found.existing_id)
    if found.recent:  # read with the writer's words just before ("i'm at the station", then this)
        assessment = assess(body, context=found.recent)
    conversation.ended_at = found.ended_at
    for reason in reasons:
        if reason != Refusal.MUTED:
            _refuse(reason, conversation, sender)
    held = False
    if findings:
        held = boundary_policy(conversation.program_id) == BoundaryPolicy.HOLD
        if not held and not confirm_boundary:
            raise BoundaryWarning(findings)
    if Refusal.MUTED in reasons:  # after the boundary guard's word, as it always was
        _refuse(Refusal.MUTED, conversation, sender)
    others = _others(found, sender.pk)
    return _append(
        conversation,
        sender=sender,
        client_id=client_id,
        body=body,
        kind=MessageKind.TEXT,
        boundary=[f.kind for f in findings],
        held=held,
        assessment=assessment,
        # The others hear of a held message when it is released.
        notify=None if held else (NotificationKind.MESSAGE, others),
    )


class Sent(NamedTuple):
    """A message `asend_message` stored, what to broadcast now, and what to do after (emails)."""

    message: Message
    events: list[tuple[str, realtime.Payload]]
    after: list[Callable[[], None]]


async def asend_message(
    *,
    conversation: Conversation,
    sender: User,
    client_id: UUID,
    body: str,
    session_key: str | None,
) -> Sent | None:
    """`send_message` for a live connection, on the event loop, without a thread: on PostgreSQL, the
    same statements in two round trips (the lock and its questions; the message and COMMIT) through
    an asynchronous connection (`livedb.live_pg`). Under load a database thread spent most of a
    message's time waiting for the GIL between its round trips (docs/benchmarks.md).

    It takes only the plain case, a new message that may go out at once. For anything else it
    stores nothing and returns None, and the caller uses `send_message`, which says why or does the
    rest: not PostgreSQL; a boundary finding; crisis language (safety's escalation path); a resend;
    any refusal (signed out, not seated, ended, left, stopped, muted, blocked); a database error (a
    message that was in fact stored is found again by its client_id)."""
    if connection.vendor != "postgresql":
        return None  # before any work: send_message does it all
    import psycopg

    from .livedb import live_pg  # lazy: livedb is for the WebSocket side

    body = _clean_body(body)
    if check_boundaries(body):
        return None
    assessment = assess(body)
    if assessment.level.opens_escalation:
        return None
    try:
        # An error inside rolls back as the connection goes back to the pool (or the pool drops it);
        # a pool that cannot lend one in time raises psycopg's error too (PoolTimeout).
        async with live_pg() as pg:
            assert pg is not None  # noqa: S101 (PostgreSQL, checked above)
            return await _asend(
                pg,
                conversation,
                sender=sender,
                client_id=client_id,
                body=body,
                assessment=assessment,
                session_key=session_key,
            )
    except (psycopg.Error, PermissionDenied):
        logger.info("The quick send path gave way to the usual one", exc_info=True)
        return None


async def _asend(
    pg: Any,
    conversation: Conversation,
    *,
    sender: User,
    client_id: UUID,
    body: str,
    assessment: Assessment,
    session_key: str | None,
) -> Sent | None:
    """`asend_message`'s work on a connection of its own (`pg`, a psycopg AsyncConnection): the
    first batch, then — if the message is plainly allowed — the second with COMMIT (one more round
    trip before COMMIT when someone is away and may need a fresh notification). None, rolled back,
    for anything `send_message` should decide."""
    async with pg.pipeline() as pipeline:
        found = await _alock_for_sending(
            pg, pipeline, conversation, sender.pk, client_id, session_key=session_key
        )
        if found.recent:
            assessment = assess(body, context=found.recent)
        others = _plainly_open(conversation, found, sender.pk)
        if others is None or assessment.level.opens_escalation:
            # Read with what they wrote just before, this may be a crisis: the usual path escalates.
            await pg.rollback()
            return None
        message = _new_message(
            conversation,
            sender=sender,
            client_id=client_id,
            body=body,
            kind=MessageKind.TEXT,
            boundary=None,
            held=False,
            assessment=assessment,
        )
        away = await _aaway(conversation.pk, others)
        await pg.execute(*_numbering(message))
        stored = await pg.execute(*_storing(message, returning=True))
        await pg.execute(*_reading(message))
        fresh: list[Notification] = []
        inserts: list[Any] = []
        if away:
            kind = NotificationKind.MESSAGE
            folding = await pg.execute(*_folding(conversation.pk, sender.pk, kind, away))
            await pipeline.sync()
            folded = {pk for (pk,) in await folding.fetchall()}
            fresh = _fresh_notifications(
                conversation, actor=sender, kind=kind, away=away, folded=folded
            )
            inserts = [await pg.execute(*sql.inserting(each)) for each in fresh]
        await pg.commit()  # in the same round trip as the message's statements, if nobody is away
        _stored(conversation, message, _three_ints(await stored.fetchone()))
        for each, inserted in zip(fresh, inserts, strict=True):
            sql.inserted(each, (await inserted.fetchone())[0])
    return Sent(
        message,
        events=[(realtime.conversation_group(conversation.pk), realtime.message_event(message))],
        after=[partial(_enqueue_email, each.pk, delay=EMAIL_DELAY) for each in fresh],
    )


async def _alock_for_sending(
    pg: Any,
    pipeline: Any,
    conversation: Conversation,
    sender_id: int,
    client_id: UUID,
    *,
    session_key: str | None,
) -> _Found:
    """`_lock_for_sending` on the event loop: the same statements (`_asking`) in one round trip of
    `pg`'s `pipeline`, read by the same `_found`."""
    asked = _asking(conversation, sender_id, client_id, session_key=session_key)
    locked = await pg.execute(*asked.lock)
    seats = await pg.execute(*asked.seats)
    blocks = None if asked.blocks is None else await pg.execute(*asked.blocks)
    recent = await pg.execute(*asked.recent)
    await pipeline.sync()
    return _found(
        asked,
        sender_id,
        await locked.fetchone(),
        await seats.fetchall(),
        None if blocks is None else await blocks.fetchall(),
        await recent.fetchall(),
    )


def _plainly_open(conversation: Conversation, found: _Found, sender_id: int) -> list[int] | None:
    """The others in the conversation, if `found` says a new message may go out with nothing to say
    about it (no resend, no refusal); else None (`_send_locked` says why)."""
    if found.existing_id is not None or refusals(conversation.kind, found, sender_id):
        return None
    return _others(found, sender_id)


class Refusal(StrEnum):
    """Why a new message may not go out: the code `send_message`'s refusal carries (a
    `ValidationError`'s code; `SignedOut` and `PermissionDenied` for the first two)."""

    SIGNED_OUT = "signed_out"  # the live connection's sign-in has ended
    NOT_PARTICIPANT = "not_participant"  # no seat here, or the account is no longer active
    ENDED = "ended"
    LEFT = "left"
    SUSPENDED = "suspended"  # a moderator's ban or suspension (moderation says why)
    BLOCKED = "blocked"  # in a 1:1, one of the two blocked the other
    MUTED = "muted"  # a group facilitator paused this person in this room (groups says why)


def refusals(kind: str, found: _Found, sender_id: int) -> list[Refusal]:
    """The refusal rules, written once: why what a send learned under the lock (`found`, one batch
    of statements on either path) refuses a new message from `sender_id` in a conversation of this
    `kind`, in the order they are told (the first one is the reason); empty if it may go out. A pure
    function: `send_message` turns each into its exception and words (`_refuse`), `asend_message`
    gives way to any."""
    seat = next((s for s in found.seats if s.user_id == sender_id), None)
    if not found.signed_in:
        return [Refusal.SIGNED_OUT]
    if seat is None or not seat.is_active:
        return [Refusal.NOT_PARTICIPANT]
    if found.ended_at is not None:
        return [Refusal.ENDED]
    if seat.has_left:
        return [Refusal.LEFT]
    rules = [
        (Refusal.SUSPENDED, found.stopped),
        (
            Refusal.BLOCKED,
            kind == Kind.ONE_TO_ONE and bool(found.blocks.intersection(_others(found, sender_id))),
        ),
        (Refusal.MUTED, found.muted),
    ]
    return [reason for reason, applies in rules if applies]


def _others(found: _Found, sender_id: int) -> list[int]:
    """The other people still in the conversation."""
    return [s.user_id for s in found.seats if s.user_id != sender_id and not s.has_left]


def _refuse(reason: Refusal, conversation: Conversation, sender: User) -> None:
    """Raise what `send_message` says for `reason`, in the words of the app that owns it. The composer
    keeps the words. (Moderation and groups are asked for their words; if the stop or the pause ended
    in the meantime, nothing is raised.)"""
    if reason == Refusal.SIGNED_OUT:
        raise SignedOut
    if reason == Refusal.NOT_PARTICIPANT:
        raise PermissionDenied
    if reason == Refusal.ENDED:
        _require_open(conversation, has_left=False)
    if reason == Refusal.LEFT:
        _require_open(conversation, has_left=True)
    if reason == Refusal.SUSPENDED:
        from alongside.safety.moderation.selectors import may_post  # lazy: it imports this module

        allowed, words = may_post(sender, conversation.program_id)
        if not allowed:
            raise ValidationError(words, code=reason.value)
    if reason == Refusal.BLOCKED:
        raise ValidationError(
            _("You cannot send messages here, because one of you has blocked the other."),
            code=reason.value,
        )
    if reason == Refusal.MUTED:
        _refuse_in_room(conversation, sender)  # groups says why


class _Seat(NamedTuple):
    user_id: int
    has_left: bool
    is_active: bool


class _Found(NamedTuple):
    """What `send_message` learns under the lock, in one batch of statements."""

    ended_at: datetime | None
    signed_in: bool  # the live connection's session, if it has one, has not ended
    seats: list[_Seat]
    existing_id: int | None  # this sender's message with this client_id, already stored
    stopped: bool  # a moderator's ban or suspension is in force (moderation says why)
    muted: bool  # a group facilitator paused this person in this room (groups says why)
    blocks: frozenset[int]  # people the sender blocked or was blocked by
    recent: list[
        str
    ]  # the sender's last few words here, oldest first: safety reads them as context


class _Asked(NamedTuple):
    """The first round trip of a send: the lock with its yes-or-no questions as columns, the seats,
    and in a 1:1 the blocks."""

    questions: tuple[str, ...]  # the names of the lock statement's columns after ended_at
    lock: sql.Query
    seats: sql.Query
    blocks: sql.Query | None
    recent: sql.Query


def _asking(
    conversation: Conversation, sender_id: int, client_id: UUID, *, session_key: str | None
) -> _Asked:
    """The statements that lock the conversation for one new message and ask everything the send
    depends on, to be sent in one batch (one round trip on PostgreSQL). The yes-or-no questions (a live
    connection's session; moderation's, and in a room groups', each owned by its app) are columns of
    the lock statement. The seats statement runs after the lock is held, so on PostgreSQL it sees a
    resend committed while this one waited."""
    from alongside.groups.selectors import mute_query  # lazy: these apps import this module
    from alongside.matching.selectors import blocks_query
    from alongside.safety.moderation.selectors import posting_stop_query

    room = conversation.kind == Kind.ROOM
    questions = {"stopped": posting_stop_query(sender_id, conversation.program_id)}
    if room:
        questions["muted"] = mute_query(conversation.pk, sender_id)
    if session_key is not None:
        questions["signed_in"] = (signed_in_sql(), [session_key, sql.when(timezone.now())])
    return _Asked(
        questions=tuple(questions),
        lock=(
            _lock_sql(tuple(statement for statement, _ in questions.values())),
            [*(param for _, params in questions.values() for param in params), conversation.pk],
        ),
        seats=(
            _seats_sql(),
            [conversation.pk, sender_id, _client_id_param(client_id), conversation.pk],
        ),
        blocks=None if room else blocks_query(sender_id),
        recent=(
            _recent_sql(),
            [
                conversation.pk,
                sender_id,
                MessageKind.TEXT.value,
                sql.when(timezone.now() - CONTEXT_WINDOW),
                conversation.pk,
            ],
        ),
    )


def _found(
    asked: _Asked,
    sender_id: int,
    locked: tuple[Any, ...] | None,
    seats: list[tuple[Any, ...]],
    blocks: list[tuple[Any, ...]] | None,
    recent: list[tuple[Any, ...]],
) -> _Found:
    """What the answers to `asked` say."""
    from alongside.matching.selectors import others_in_blocks

    if locked is None:  # the conversation is gone
        raise PermissionDenied
    ended_at, *found_answers = locked
    answers = dict(zip(asked.questions, found_answers, strict=True))
    return _Found(
        ended_at=sql.datetime_of(ended_at),
        signed_in=bool(answers.get("signed_in", True)),  # no session asked about: signed in
        seats=[
            _Seat(user_id, has_left=left_at is not None, is_active=bool(active))
            for user_id, left_at, active, _existing in seats
        ],
        existing_id=seats[0][3] if seats else None,
        stopped=bool(answers["stopped"]),
        muted=bool(answers.get("muted")),
        blocks=frozenset() if blocks is None else others_in_blocks(blocks, sender_id),
        recent=[body for (body,) in reversed(recent) if body],
    )


def _lock_for_sending(
    conversation: Conversation, sender_id: int, client_id: UUID, *, session_key: str | None
) -> _Found:
    """Lock the conversation for one new message and learn what the send depends on (`_asking`)."""
    asked = _asking(conversation, sender_id, client_id, session_key=session_key)
    with sql.batch():
        locked = sql.send(*asked.lock)
        seats = sql.send(*asked.seats)
        blocks = None if asked.blocks is None else sql.send(*asked.blocks)
        recent = sql.send(*asked.recent)
    return _found(
        asked,
        sender_id,
        locked.one(),
        seats.rows(),
        None if blocks is None else blocks.rows(),
        recent.rows(),
    )


def _client_id_param(client_id: UUID) -> object:
    return Message._meta.get_field("client_id").get_db_prep_value(client_id, connection)


# The send path's statements in plain SQL (`common.sql`: building an ORM query costs ten times more CPU
# than running it); each says which ORM call it stands for.


@cache
def _lock_sql(questions: tuple[str, ...]) -> str:
    """`Conversation.objects.select_for_update().values_list("ended_at").get(pk=…)`, and for each of
    `questions` (a statement that finds at most one row) whether it finds one. SQLite has no row locks,
    and needs none: its IMMEDIATE transactions take the write lock at the start."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    asked = "".join(f", ({question})" for question in questions)
    return (
        f"SELECT {sql.column(Conversation, 'ended_at')}{asked} FROM {sql.table(Conversation)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Conversation, 'id')} = %s{lock}"
    )


@cache
def _seats_sql() -> str:
    """Per seat: who sits there, whether they left, whether their account is active (the ORM's
    `select_related("user")`), and beside each the id of this sender's message with this client_id."""
    seat, user, message = sql.table(Participant), sql.table(User), sql.table(Message)
    return (
        f"SELECT {sql.ref(Participant, 'user')}, {sql.ref(Participant, 'left_at')},"  # noqa: S608 (model names)
        f" {sql.ref(User, 'is_active')},"
        f" (SELECT {sql.ref(Message, 'id')} FROM {message}"
        f" WHERE {sql.ref(Message, 'conversation')} = %s AND {sql.ref(Message, 'sender')} = %s"
        f" AND {sql.ref(Message, 'client_id')} = %s)"
        f" FROM {seat} JOIN {user} ON {sql.ref(User, 'id')} = {sql.ref(Participant, 'user')}"
        f" WHERE {sql.ref(Participant, 'conversation')} = %s"
    )


@cache
def _recent_sql() -> str:
    """`Message.objects.filter(conversation=…, sender=…, kind="text", deleted_at=None,
    created_at__gte=…).order_by("-seq").values_list("body")[:CONTEXT_MESSAGES]`: what safety reads a
    new message with."""
    return (
        f"SELECT {sql.column(Message, 'body')} FROM {sql.table(Message)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Message, 'conversation')} = %s AND {sql.column(Message, 'sender')} = %s"
        f" AND {sql.column(Message, 'kind')} = %s AND {sql.column(Message, 'deleted_at')} IS NULL"
        f" AND {sql.column(Message, 'created_at')} >= %s"
        # The last CONTEXT_SPAN messages at most, so a busy room's index scan stops early.
        f" AND {sql.column(Message, 'seq')} > {_numbers_of('last_seq')} - {CONTEXT_SPAN}"
        f" ORDER BY {sql.column(Message, 'seq')} DESC LIMIT {CONTEXT_MESSAGES}"
    )


@cache
def _number_sql() -> str:
    """`conversation.last_seq += 1; conversation.last_change += 1; conversation.save(…)`"""
    seq, change = sql.column(Conversation, "last_seq"), sql.column(Conversation, "last_change")
    return (
        f"UPDATE {sql.table(Conversation)} SET {seq} = {seq} + 1, {change} = {change} + 1,"  # noqa: S608 (model names)
        f" {sql.column(Conversation, 'last_message_at')} = %s,"
        f" {sql.column(Conversation, 'updated_at')} = %s"
        f" WHERE {sql.column(Conversation, 'id')} = %s"
    )


def _numbers_of(field: str) -> str:
    return (
        f"(SELECT {sql.column(Conversation, field)} FROM {sql.table(Conversation)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Conversation, 'id')} = %s)"
    )


_MESSAGE_FIELDS = [f for f in Message._meta.concrete_fields if not f.primary_key]


@cache
def _insert_sql(*, returning: bool) -> str:
    """`Message.objects.create(…)` with seq and change the conversation's numbers just taken."""
    fields = [f for f in _MESSAGE_FIELDS if f.attname not in ("seq", "change")]
    names = ", ".join(sql.column(Message, f.name) for f in fields)
    seq, change = sql.column(Message, "seq"), sql.column(Message, "change")
    values = ", ".join(["%s"] * len(fields))
    statement = (
        f"INSERT INTO {sql.table(Message)} ({names}, {seq}, {change})"  # noqa: S608 (model names)
        f" VALUES ({values}, {_numbers_of('last_seq')}, {_numbers_of('last_change')})"
    )
    if returning:
        statement += f" RETURNING {sql.column(Message, 'id')}, {seq}, {change}"
    return statement


@cache
def _stored_sql() -> str:
    """Where the database cannot answer an INSERT with RETURNING: the row just stored, found again."""
    return (
        f"SELECT {sql.column(Message, 'id')}, {sql.column(Message, 'seq')},"  # noqa: S608 (model names)
        f" {sql.column(Message, 'change')} FROM {sql.table(Message)}"
        f" WHERE {sql.column(Message, 'conversation')} = %s AND {sql.column(Message, 'sender')} = %s"
        f" AND {sql.column(Message, 'client_id')} = %s"
    )


@cache
def _read_to_sql() -> str:
    """`Participant.objects.filter(conversation=…, user=…).update(last_read_seq=conversation.last_seq)`"""
    return (
        f"UPDATE {sql.table(Participant)} SET {sql.column(Participant, 'last_read_seq')}"  # noqa: S608 (model names)
        f" = {_numbers_of('last_seq')}"
        f" WHERE {sql.column(Participant, 'conversation')} = %s"
        f" AND {sql.column(Participant, 'user')} = %s"
    )


@transaction.atomic
def release_held_message(*, message_id: int, supervisor: User) -> Message:
    """A supervisor lets a held message through: the others now see it (as an `update`, in its place)."""
    message = Message.objects.select_related("sender").get(pk=message_id, held_at__isnull=False)
    locked = _lock(message.conversation_id)
    place = standing(supervisor)
    if (
        place.program is None
        or place.program.pk != locked.program_id
        or not place.has(Role.SUPERVISOR)
    ):
        raise PermissionDenied
    locked.last_change += 1
    locked.save(update_fields=["last_change", "updated_at"])
    message.held_at = None
    message.change = locked.last_change
    message.save(update_fields=["held_at", "change"])
    record_access(
        viewer=supervisor,
        record=message,
        subject=message.sender,
        action=Action.WRITE,
        purpose="Released a message held by the boundary guard",
        program_id=locked.program_id,
    )
    realtime.broadcast_on_commit(
        realtime.conversation_group(locked.pk), realtime.update_event(message)
    )
    if message.sender is not None:
        _notify_away(locked, actor=message.sender, kind=NotificationKind.MESSAGE)
    return message


@transaction.atomic
def set_message_hidden(*, message_id: int, hidden: bool, reason: str = "") -> Message:
    """A moderator hides a message (or shows it again after an appeal): the others see that it was
    hidden, not what it said; the words stay for the moderators and the audit trail."""
    message = Message.objects.select_related("sender").get(pk=message_id)
    locked = _lock(message.conversation_id)
    locked.last_change += 1
    locked.save(update_fields=["last_change", "updated_at"])
    message.hidden_at = timezone.now() if hidden else None
    message.hidden_reason = reason[:200] if hidden else ""
    message.change = locked.last_change
    message.save(update_fields=["hidden_at", "hidden_reason", "change"])
    realtime.broadcast_on_commit(
        realtime.conversation_group(locked.pk), realtime.update_event(message)
    )
    return message


@transaction.atomic
def mark_read(*, conversation_id: int, user: User, seq: int) -> bool:
    """Move the person's read cursor forward to `seq` (never back, never past the newest message) and
    tell the others. True if it moved."""
    moved = Participant.objects.filter(
        conversation_id=conversation_id,
        user=user,
        last_read_seq__lt=seq,
        conversation__last_seq__gte=seq,
    ).update(last_read_seq=seq)
    if moved:
        Notification.objects.unread().filter(
            recipient=user, conversation_id=conversation_id
        ).update(read_at=timezone.now())
        realtime.broadcast_on_commit(
            realtime.conversation_group(conversation_id),
            realtime.read_event(conversation_id=conversation_id, user_id=user.pk, seq=seq),
        )
    return bool(moved)


def _change(message: Message, *, editor: User, action: MessageRevision.Action) -> Conversation:
    """Checks and bookkeeping shared by edit and delete; returns the locked conversation."""
    locked = _lock(message.conversation_id)
    message.refresh_from_db()
    if not message.can_be_changed_by(editor):
        raise ValidationError(_("This message can no longer be changed."), code="window")
    _require_open(locked, has_left=_seat(locked, editor).has_left)
    MessageRevision.objects.create(
        message=message,
        action=action,
        body=message.body,
        risk_level=message.risk_level,
        actor=editor,
    )
    members = Participant.objects.filter(conversation=locked, role=Role.MEMBER).select_related(
        "user"
    )
    subject = members[0].user if len(members) == 1 else None
    purpose = "Edited a message" if action == MessageRevision.Action.EDITED else "Deleted a message"
    record_access(
        viewer=editor,
        record=message,
        subject=subject,
        action=Action.WRITE,
        purpose=purpose,
        program_id=locked.program_id,
    )
    locked.last_change += 1
    locked.save(update_fields=["last_change", "updated_at"])
    message.change = locked.last_change
    return locked


@transaction.atomic
def edit_message(
    *, editor: User, message: Message, body: str, confirm_boundary: bool = False
) -> Message:
    """Change a message's words within the edit window; the old words go to the audit trail and the
    new ones through the safety check and the boundary guard again (an edit is no way around it)."""
    body = _clean_body(body)
    findings = check_boundaries(body)
    hold = False
    if findings:
        hold = boundary_policy(message.conversation.program_id) == BoundaryPolicy.HOLD
        if not hold and not confirm_boundary:
            raise BoundaryWarning(findings)
    locked = _change(message, editor=editor, action=MessageRevision.Action.EDITED)
    assessment = assess(body)
    message.body, message.edited_at = body, timezone.now()
    message.risk_level, message.risk_model_version = (
        assessment.level.value,
        assessment.model_version,
    )
    message.boundary = sorted(set(message.boundary) | {f.kind for f in findings}, key=KINDS.index)
    if hold and message.held_at is None:
        message.held_at = (
            message.edited_at
        )  # the others keep its place, without words, until released
    message.save(
        update_fields=[
            "body",
            "edited_at",
            "risk_level",
            "risk_model_version",
            "change",
            "boundary",
            "held_at",
        ]
    )
    realtime.broadcast_on_commit(
        realtime.conversation_group(locked.pk), realtime.update_event(message)
    )
    return message


@transaction.atomic
def delete_message(*, editor: User, message: Message) -> Message:
    """Take a message back within the edit window: the others see that it was deleted, not what it
    said; its words stay in the audit trail."""
    locked = _change(message, editor=editor, action=MessageRevision.Action.DELETED)
    message.body, message.deleted_at = "", timezone.now()
    message.save(update_fields=["body", "deleted_at", "change"])
    realtime.broadcast_on_commit(
        realtime.conversation_group(locked.pk), realtime.update_event(message)
    )
    return message


@transaction.atomic
def end_conversation(
    *,
    supporter: User,
    conversation: Conversation,
    closing_note: str,
    follow_up: str = "",
    check_in_at: datetime | None = None,
) -> Message:
    """A supporter ends a conversation with a closing note to the member, its last message. Everyone
    can still read it afterwards. A one-to-one conversation with someone who has an open escalation,
    or had one within the program's follow-up hours, ends only with a follow-up agreed (`follow_up`:
    a check-in at `check_in_at`, or a hand-over to the supervisor); else `FollowUpNeeded`."""
    closing_note = _clean_body(closing_note)
    locked = _lock(conversation.pk)
    seat = _seat(locked, supporter)
    if seat.role != Role.SUPPORTER:
        raise PermissionDenied
    _require_open(locked, has_left=seat.has_left)
    if locked.kind == Kind.ONE_TO_ONE:
        _agree_follow_up(locked, supporter=supporter, kind=follow_up, check_in_at=check_in_at)
    note = _append(
        locked, sender=supporter, client_id=uuid4(), body=closing_note, kind=MessageKind.CLOSING
    )
    _close(locked, by=supporter)
    if locked.kind == Kind.ONE_TO_ONE and follow_up != "check_in":
        _end_peer_link(locked, supporter=supporter)
    _notify_away(locked, actor=supporter, kind=NotificationKind.ENDED)
    return note


def _end_peer_link(conversation: Conversation, *, supporter: User) -> None:
    """Ending a one-to-one conversation ends that supporter's place as the member's peer: the member's
    home no longer names them. A supporter who agreed to check in later stays until then."""
    from alongside.accounts.services import end_care_team_link

    seats = Participant.objects.filter(conversation=conversation, role=Role.MEMBER)
    for member in User.objects.filter(pk__in=seats.values("user_id")):
        end_care_team_link(member=member, role=Role.SUPPORTER, staff=supporter)


@transaction.atomic
def leave_conversation(
    *, member: User, conversation: Conversation, wants_new_peer: bool
) -> Message:
    """A member leaves, at any time and without giving a reason; a 1:1 conversation ends with it.
    `wants_new_peer` asks matching for someone else."""
    locked = _lock(conversation.pk)
    seat = _seat(locked, member)
    if seat.role != Role.MEMBER:
        raise PermissionDenied
    _require_open(locked, has_left=seat.has_left)  # an ended conversation has nobody left to leave
    seat.left_at, seat.wants_new_peer = timezone.now(), wants_new_peer
    seat.save(update_fields=["left_at", "wants_new_peer", "updated_at"])
    note = _append(locked, sender=member, client_id=uuid4(), body="", kind=MessageKind.LEFT)
    if locked.kind == Kind.ONE_TO_ONE:
        _close(locked, by=member)
    _notify_away(locked, actor=member, kind=NotificationKind.LEFT)
    return note


def _agree_follow_up(
    conversation: Conversation, *, supporter: User, kind: str, check_in_at: datetime | None
) -> None:
    """Ending with care: a follow-up agreed, when an escalation about the member asks for one."""
    from alongside.safety import selectors as safety_selectors
    from alongside.safety import services as safety_services

    members = list(
        Participant.objects.filter(conversation=conversation, role=Role.MEMBER).values_list(
            "user_id", flat=True
        )
    )
    escalation = safety_selectors.needs_follow_up(conversation.program, members)
    if escalation is None:
        return
    if not kind:
        raise safety_services.FollowUpNeeded(escalation)
    safety_services.agree_follow_up(
        escalation=escalation,
        conversation_id=conversation.pk,
        by=supporter,
        kind=kind,
        check_in_at=check_in_at,
    )


def _close(conversation: Conversation, *, by: User) -> None:
    conversation.ended_at, conversation.ended_by = timezone.now(), by
    conversation.save(update_fields=["ended_at", "ended_by", "updated_at"])
    realtime.broadcast_on_commit(
        realtime.conversation_group(conversation.pk), realtime.state_event(conversation)
    )


# --- notifications ---------------------------------------------------------------------------------


def _notify_away(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    others: list[int] | None = None,
) -> None:
    """An in-app notification for each other participant (`others`, if the caller has them) who does
    not have the conversation open; new messages fold into one unread notification per conversation.
    Email follows (see below). One statement, plus one per person newly notified."""
    if others is None:
        others = list(
            Participant.objects.present()
            .filter(conversation=conversation)
            .exclude(user=actor)
            .values_list("user_id", flat=True)
        )
    away = _away(conversation.pk, others)
    if away:
        folding = _Folding(conversation.pk, actor_id=actor.pk, kind=kind, away=away)
        _notify_fresh(conversation, actor=actor, kind=kind, away=away, folded=folding.folded())


def _away(conversation_id: int, others: list[int]) -> list[int]:
    """Which of `others` do not have the conversation open now."""
    return sorted(set(others) - presence.here(conversation_id, others)) if others else []


async def _aaway(conversation_id: int, others: list[int]) -> list[int]:
    """`_away`, from the event loop."""
    return sorted(set(others) - await presence.ahere(conversation_id, others)) if others else []


class _Folding:
    """New messages fold into the unread notification a person away already has: count + 1. One
    statement, which may go in a `sql.batch`; `folded()` says whose it found."""

    def __init__(
        self, conversation_id: int, *, actor_id: int, kind: NotificationKind, away: list[int]
    ) -> None:
        self.found: set[int] | None = None
        if connection.features.can_return_columns_from_insert:  # UPDATE … RETURNING, too
            self.pending = sql.send(*_folding(conversation_id, actor_id, kind, away))
        else:
            statement, params = _folding(conversation_id, actor_id, kind, away, returning=False)
            self.found = {pk for (pk,) in sql.rows(_unread_of_sql(len(away)), params[2:])}
            sql.run(statement, params)

    def folded(self) -> set[int]:
        if self.found is None:
            self.found = {pk for (pk,) in self.pending.rows()}
        return self.found


def _folding(
    conversation_id: int,
    actor_id: int,
    kind: NotificationKind,
    away: list[int],
    *,
    returning: bool = True,
) -> sql.Query:
    """Fold a new message into the unread notification each of `away` may have (`_fold_sql`)."""
    params = [sql.when(timezone.now()), actor_id, conversation_id, kind.value, *away]
    return _fold_sql(len(away), returning=returning), params


def _fresh_notifications(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    away: list[int],
    folded: set[int],
) -> list[Notification]:
    """A notification to store for each person away who had none unread of this kind."""
    return [
        Notification(recipient_id=user_id, conversation=conversation, kind=kind, actor=actor)
        for user_id in away
        if user_id not in folded
    ]


def _notify_fresh(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    away: list[int],
    folded: set[int],
) -> None:
    """A notification for each person away who had none unread of this kind, each emailed later."""
    for fresh in _fresh_notifications(
        conversation, actor=actor, kind=kind, away=away, folded=folded
    ):
        sql.insert(fresh)
        transaction.on_commit(partial(_enqueue_email, fresh.pk, delay=EMAIL_DELAY))


@cache
def _unread_of_sql(people: int) -> str:
    """`Notification.objects.unread().filter(conversation=…, kind=…, recipient_id__in=…)`"""
    return (
        f"SELECT {sql.column(Notification, 'recipient')} FROM {sql.table(Notification)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Notification, 'read_at')} IS NULL"
        f" AND {sql.column(Notification, 'conversation')} = %s"
        f" AND {sql.column(Notification, 'kind')} = %s"
        f" AND {sql.column(Notification, 'recipient')} IN ({', '.join(['%s'] * people)})"
    )


@cache
def _fold_sql(people: int, *, returning: bool) -> str:
    """`….update(count=F("count") + 1, updated_at=…, actor=…)` on those, saying whose it folded."""
    count = sql.column(Notification, "count")
    where = _unread_of_sql(people).partition(" WHERE ")[2]
    return (
        f"UPDATE {sql.table(Notification)} SET {count} = {count} + 1,"  # noqa: S608 (model names)
        f" {sql.column(Notification, 'updated_at')} = %s, {sql.column(Notification, 'actor')} = %s"
        f" WHERE {where}"
        + (f" RETURNING {sql.column(Notification, 'recipient')}" if returning else "")
    )


def _enqueue_email(
    notification_id: int, *, delay: timedelta | None = None, at: datetime | None = None
) -> None:
    from django_tasks import default_task_backend

    from .tasks import email_notification

    task = email_notification
    if default_task_backend.supports_defer and (delay or at):
        task = task.using(run_after=at or timezone.now() + (delay or timedelta()))
    task.enqueue(notification_id)


def email_notification(*, notification_id: int) -> bool:
    """Email someone about an unread notification, if they gave an address and allowed it, and not in
    their quiet hours (then it waits for the morning, where the task backend can wait). The email never
    holds names or words from the conversation. True if sent."""
    notification = (
        Notification.objects.select_related("recipient", "recipient__profile")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.read_at or notification.emailed_at:
        return False
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = _("Someone wrote to you on Alongside")
        text = _(
            "Hello,\n\nSomeone wrote to you while you were away. Sign in to Alongside to read it."
            "\n\nYou can turn these emails off on your notification settings page."
        )
    # In quiet hours this task comes back when they end (where the task backend can wait), and
    # emails only if the notification is still unread then.
    delivery = email_person(to=recipient, subject=subject, body=text, quiet_hours=QuietHours.ASK)
    if delivery.status is Status.QUIET and delivery.until is not None:
        from django_tasks import default_task_backend

        if default_task_backend.supports_defer:
            transaction.on_commit(partial(_enqueue_email, notification_id, at=delivery.until))
    if not delivery.sent:
        return False
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


@transaction.atomic
def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.unread().filter(recipient=user).update(read_at=timezone.now())


def save_program_settings(*, program_id: int, by: User, boundary_policy: str) -> None:
    """An admin sets the program's conversation choices (the boundary policy), in the access log."""
    settings_row, _created = ConversationSettings.objects.update_or_create(
        program_id=program_id, defaults={"boundary_policy": BoundaryPolicy(boundary_policy)}
    )
    record_access(
        viewer=by,
        record=settings_row,
        subject=None,
        action=Action.WRITE,
        purpose=f"Set the boundary policy to {boundary_policy}",
        program_id=program_id,
    )
