"""Sending a message: `send_message` (a page, the API, a live connection's thread) and `asend_message`
(a plain new message from a live connection, on the event loop, on PostgreSQL). Both lock the
conversation, learn what the send depends on in one batch (`refusing`) and store the message with the
same statements (`statements`).

Writing a message takes the conversation's row lock for the rest of the transaction, so seq numbers are
handed out one at a time and without gaps on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers the same way. Durable events leave through `realtime.broadcast_on_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.common import sql
from alongside.conversations import services  # `services.assess`, looked up at each call
from alongside.safety import Assessment
from alongside.safety import services as safety_services
from alongside.safety.boundaries import Finding, check_boundaries

from .. import realtime
from ..models import (
    BoundaryPolicy,
    Conversation,
    Message,
    MessageKind,
    Notification,
    NotificationKind,
)
from .boundaries import BoundaryWarning, boundary_policy
from .checks import _clean_body
from .notifying import (
    EMAIL_DELAY,
    _aaway,
    _away,
    _enqueue_email,
    _Folding,
    _folding,
    _fresh_notifications,
    _notify_fresh,
)
from .refusing import (
    Refusal,
    SignedOut,
    _alock_for_sending,
    _lock_for_sending,
    _others,
    _plainly_open,
    _refuse,
    _told_after_boundary,
    refusals,
)
from .statements import (
    _MESSAGE_FIELDS,
    _client_id_param,
    _insert_sql,
    _number_sql,
    _read_to_sql,
    _stored_sql,
)

logger = logging.getLogger(__name__)


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
        assessment = services.assess(body)  # safety sits in the path, before anyone sees it
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
        # Once the message is stored, a human is alerted: one escalation per writer and conversation.
        transaction.on_commit(partial(safety_services.escalate_message, message.pk), robust=True)
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
    assessment = services.assess(body)
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
        assessment = services.assess(body, context=found.recent)
    conversation.ended_at = found.ended_at
    later = _told_after_boundary(conversation.kind)
    for reason in reasons:
        if reason not in later:
            _refuse(reason, conversation, sender)
    held = False
    if findings:
        held = boundary_policy(conversation.program_id) == BoundaryPolicy.HOLD
        if not held and not confirm_boundary:
            raise BoundaryWarning(findings)
    for reason in reasons:
        if reason in later:  # after the boundary guard's word (a room's pause), as it always was
            _refuse(reason, conversation, sender)
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

    from ..livedb import live_pg  # lazy: livedb is for the WebSocket side

    body = _clean_body(body)
    if check_boundaries(body):
        return None
    assessment = services.assess(body)
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
            assessment = services.assess(body, context=found.recent)
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
