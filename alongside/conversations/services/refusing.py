"""Whether a new message may go out: what a send learns under the conversation's lock, in one batch
of statements on either send path (`_lock_for_sending`, `_alock_for_sending`), and the refusal rules
read from it, written once (`refusals`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.common import sql
from alongside.safety.moderation.selectors import may_post

from ..models import Conversation, Kind, MessageKind
from ..selectors import signed_in_sql
from .checks import _require_open
from .statements import CONTEXT_WINDOW, _client_id_param, _lock_sql, _recent_sql, _seats_sql


class SignedOut(PermissionDenied):
    """The sign-in a live connection was opened with has ended: sign in again."""


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


def _refuse_in_room(conversation: Conversation, sender: User) -> None:
    """A room belonging to a group meeting may have paused this person's messages (groups keeps that
    state; this asks it)."""
    from alongside.groups.selectors import room_refusal  # lazy: groups imports this module

    if (reason := room_refusal(conversation.pk, sender.pk)) is not None:
        raise ValidationError(reason, code="muted")


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
