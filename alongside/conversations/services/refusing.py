"""Whether a new message may go out: what a send learns under the conversation's lock, in one batch
of statements on either send path (`_lock_for_sending`, `_alock_for_sending`), and the refusal rules
read from it, written once (`refusals`).

Conversations' own rules (signed in, seated, open, not left) are here; the stops other apps keep
(moderation's ban or suspension, matching's blocks, groups' pause in a room) are questions those apps
register with `common.refusals` from their `AppConfig.ready()`: their statements join the batch, their
answers are read here, and their words say why. Nothing here imports those apps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts.models import User
from alongside.common import refusals as registered
from alongside.common import sql

from ..models import Conversation, MessageKind
from ..selectors import signed_in_sql
from .checks import _require_open
from .statements import CONTEXT_WINDOW, _client_id_param, _lock_sql, _recent_sql, _seats_sql


class SignedOut(PermissionDenied):
    """The sign-in a live connection was opened with has ended: sign in again."""


class Refusal(StrEnum):
    """Why a new message may not go out: the code `send_message`'s refusal carries (a
    `ValidationError`'s code; `SignedOut` and `PermissionDenied` for the first two). The last three
    are asked of the apps that keep them (`common.refusals`), which say why."""

    SIGNED_OUT = "signed_out"  # the live connection's sign-in has ended
    NOT_PARTICIPANT = "not_participant"  # no seat here, or the account is no longer active
    ENDED = "ended"
    LEFT = "left"
    SUSPENDED = "suspended"  # a moderator's ban or suspension (moderation registers it)
    BLOCKED = "blocked"  # in a 1:1, one of the two blocked the other (matching registers it)
    MUTED = "muted"  # a group facilitator paused this person in this room (groups registers it)


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
    others = _others(found, sender_id)
    return [
        Refusal(question.code)
        for question in registered.asked_in(kind)
        if question.refuses(found.answers[question.code], sender_id, others)
    ]


def _others(found: _Found, sender_id: int) -> list[int]:
    """The other people still in the conversation."""
    return [s.user_id for s in found.seats if s.user_id != sender_id and not s.has_left]


def _told_after_boundary(kind: str) -> frozenset[str]:
    """The refusals told only after the boundary guard's warning (a room's pause, as it always was)."""
    return frozenset(q.code for q in registered.asked_in(kind) if q.after_boundary)


def _refuse(reason: Refusal, conversation: Conversation, sender: User) -> None:
    """Raise what `send_message` says for `reason`, in the words of the app that owns it. The composer
    keeps the words. (An app that keeps a stop is asked for its words; if the stop ended in the
    meantime, nothing is raised.)"""
    if reason == Refusal.SIGNED_OUT:
        raise SignedOut
    if reason == Refusal.NOT_PARTICIPANT:
        raise PermissionDenied
    if reason == Refusal.ENDED:
        _require_open(conversation, has_left=False)
    if reason == Refusal.LEFT:
        _require_open(conversation, has_left=True)
    for question in registered.asked_in(conversation.kind):
        if question.code == reason:
            words = question.words(_sending(conversation, sender.pk))
            if words is not None:
                raise ValidationError(words, code=reason.value)


def _sending(conversation: Conversation, sender_id: int) -> registered.Sending:
    """What the registered questions are asked about."""
    return registered.Sending(
        conversation_id=conversation.pk,
        program_id=conversation.program_id,
        sender_id=sender_id,
        kind=conversation.kind,
        now=timezone.now(),
    )


def _plainly_open(conversation: Conversation, found: _Found, sender_id: int) -> list[int] | None:
    """The others in the conversation, if `found` says a new message may go out with nothing to say
    about it (no resend, no refusal); else None (`_send_locked` says why)."""
    if found.existing_id is not None or refusals(conversation.kind, found, sender_id):
        return None
    return _others(found, sender_id)


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
    answers: dict[str, Any]  # each registered question's answer, by its code (`common.refusals`)
    recent: list[
        str
    ]  # the sender's last few words here, oldest first: safety reads them as context


_SIGNED_IN = "signed_in"  # the lock statement's column for a live connection's session


class _Asked(NamedTuple):
    """The first round trip of a send: the lock with its yes-or-no questions as columns, the seats,
    the registered questions that have a statement of their own, and the sender's recent words."""

    columns: tuple[str, ...]  # what the lock statement's columns after ended_at answer
    lock: sql.Query
    seats: sql.Query
    statements: dict[str, sql.Query]  # by the question's code
    recent: sql.Query


def _asking(
    conversation: Conversation, sender_id: int, client_id: UUID, *, session_key: str | None
) -> _Asked:
    """The statements that lock the conversation for one new message and ask everything the send
    depends on, to be sent in one batch (one round trip on PostgreSQL). The yes-or-no questions (a live
    connection's session; those registered by the apps that keep them, `common.refusals`) are columns
    of the lock statement. The seats statement runs after the lock is held, so on PostgreSQL it sees a
    resend committed while this one waited."""
    sending = _sending(conversation, sender_id)
    questions = registered.asked_in(conversation.kind)
    columns = {q.code: q.statement(sending) for q in questions if q.rows is None}
    if session_key is not None:
        columns[_SIGNED_IN] = (signed_in_sql(), [session_key, sql.when(sending.now)])
    return _Asked(
        columns=tuple(columns),
        lock=(
            _lock_sql(tuple(statement for statement, _ in columns.values())),
            [*(param for _, params in columns.values() for param in params), conversation.pk],
        ),
        seats=(
            _seats_sql(),
            [conversation.pk, sender_id, _client_id_param(client_id), conversation.pk],
        ),
        statements={q.code: q.statement(sending) for q in questions if q.rows is not None},
        recent=(
            _recent_sql(),
            [
                conversation.pk,
                sender_id,
                MessageKind.TEXT.value,
                sql.when(sending.now - CONTEXT_WINDOW),
                conversation.pk,
            ],
        ),
    )


def _found(
    asked: _Asked,
    locked: tuple[Any, ...] | None,
    seats: list[tuple[Any, ...]],
    rows: dict[str, list[tuple[Any, ...]]],
    recent: list[tuple[Any, ...]],
) -> _Found:
    """What the answers to `asked` say."""
    if locked is None:  # the conversation is gone
        raise PermissionDenied
    ended_at, *found_answers = locked
    answers = dict(zip(asked.columns, found_answers, strict=True))
    signed_in = bool(answers.pop(_SIGNED_IN, True))  # no session asked about: signed in
    return _Found(
        ended_at=sql.datetime_of(ended_at),
        signed_in=signed_in,
        seats=[
            _Seat(user_id, has_left=left_at is not None, is_active=bool(active))
            for user_id, left_at, active, _existing in seats
        ],
        existing_id=seats[0][3] if seats else None,
        answers={**answers, **rows},
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
        own = {code: sql.send(*statement) for code, statement in asked.statements.items()}
        recent = sql.send(*asked.recent)
    return _found(
        asked,
        locked.one(),
        seats.rows(),
        {code: pending.rows() for code, pending in own.items()},
        recent.rows(),
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
    own = {code: await pg.execute(*statement) for code, statement in asked.statements.items()}
    recent = await pg.execute(*asked.recent)
    await pipeline.sync()
    return _found(
        asked,
        await locked.fetchone(),
        await seats.fetchall(),
        {code: await cursor.fetchall() for code, cursor in own.items()},
        await recent.fetchall(),
    )
