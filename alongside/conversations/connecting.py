"""What a live connection reads when it opens: the access check and where the connection starts, in as
few statements as the answer allows (a reconnect storm after a deploy opens a thousand at once).

`access_live` answers exactly as `selectors.access_conversation` (the same conversation with its people
loaded, the same 404 for a missing and a forbidden conversation, the same audit of a read by someone
other than the member), in one statement instead of two: the conversation's seats, each joined to its
person and to the conversation and its program. The same rows carry the conversation's newest seq, its
state and everyone's read cursor, which is all a connecting socket needs besides the messages it missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import PROGRAM_SESSION_KEY, pin_from_session, standing_among
from alongside.audit.services import record_access
from alongside.common import sql
from alongside.common.websockets import person_of
from alongside.live.consumers import CLOSE_SIGNED_OUT, Refused

from . import realtime, selectors
from .models import Conversation, Kind, Message, Participant

_PEOPLE = Participant._meta.get_field("conversation").remote_field.cache_name


def access_live(
    viewer: User, conversation_id: int, *, purpose: str = "Opened a conversation"
) -> Conversation:
    """`selectors.access_conversation` in one statement: the conversation if `viewer` takes part in it,
    with its seats and their people loaded (`conversation.participants.all()` asks nothing more); else
    Http404. A read by someone other than the member is audited, as there."""
    seats = list(
        Participant.objects.select_related("user", "conversation", "conversation__program")
        .filter(conversation_id=conversation_id)
        .order_by("pk")
    )
    own = next((seat for seat in seats if seat.user_id == viewer.pk), None)
    if own is None or not viewer.is_active:
        raise Http404
    conversation = own.conversation
    for seat in seats:
        seat.conversation = conversation  # one object, as a prefetch gives
    _store_people(conversation, seats)
    _audit(viewer, conversation, own, seats, purpose)
    return conversation


def _store_people(conversation: Conversation, seats: list[Participant]) -> None:
    """`seats` as the conversation's loaded participants: `conversation.participants.all()` asks nothing
    more."""
    people = conversation.participants.all()
    people._result_cache = seats  # what `prefetch_related` stores: no second statement
    people._prefetch_done = True  # type: ignore[attr-defined]  # Django's own, unannotated
    conversation._prefetched_objects_cache = {_PEOPLE: people}  # type: ignore[attr-defined]


def _audit(
    viewer: User,
    conversation: Conversation,
    own: Participant,
    seats: list[Participant],
    purpose: str,
) -> None:
    if own.role != Role.MEMBER:  # a supporter reading a member's words is a read of their record
        members = [seat.user for seat in seats if seat.role == Role.MEMBER]
        record_access(
            viewer=viewer,
            record=conversation,
            subject=members[0] if len(members) == 1 else None,
            purpose=purpose,
            program_id=conversation.program_id,
        )


def cursors_and_state(conversation: Conversation, user_id: int) -> list[realtime.Payload]:
    """The others' read cursors and the conversation's state, as `access_live` read them: what a resumed
    connection is told after its replay."""
    others = [seat for seat in conversation.participants.all() if seat.user_id != user_id]
    return [*realtime.read_cursors(others), realtime.state_event(conversation)]


# --- the whole connect in plain statements ----------------------------------------------------------
#
# The ORM spent two thirds of a connect's CPU building queries and model objects (py-spy, `alongside
# bench realtime`, docs/benchmarks.md): the same reads are written out here, in `common.sql`'s way, and
# on PostgreSQL the ones after the session go together in one round trip (`sql.batch`). What they
# answer is what `person_of`, `pin_from_session`, `access_live` and `missed_events` answer: each
# case this fast path does not cover (a session signed by an old secret key, another sign-in backend, a
# person not seated here) goes to those functions themselves, so every answer stays theirs.


@dataclass
class Opened:
    """What `open_live` read for a connection that may open: its person (with their standing pinned),
    the conversation (its seats and people loaded) and, when resuming, the first events to replay."""

    user: User
    conversation: Conversation
    missed: list[realtime.Payload] | None  # None when not resuming (or when read the slow way)


_LARGEST = 2**63 - 1  # a seq or change count: a 64-bit integer column on every database


class Slow(Exception):
    """A case the plain statements leave to Django's own functions."""


def open_live(
    session: Any,
    conversation_id: int,
    *,
    after_seq: int | None,
    after_change: int | None,
    purpose: str = "Opened a conversation",
) -> Opened:
    """The session's person, their standing (the program chosen in the session), the access check and
    audit of `access_live`, and the messages missed since `after_seq` (and changed since
    `after_change`), in 3–5 plain statements: the session, then together the person's programs, the
    conversation's seats with their people, the conversation and its program, and the missed messages.
    Raises `Refused(CLOSE_SIGNED_OUT)` without a signed-in person, Http404 without access."""
    try:
        return _open_fast(session, conversation_id, after_seq, after_change, purpose)
    except Slow:
        pass
    user = person_of(session)  # Django's `get_user`, with all of its cases
    if not user.is_authenticated:
        raise Refused(CLOSE_SIGNED_OUT)
    pin_from_session(user, session)
    return Opened(user, access_live(user, conversation_id, purpose=purpose), None)


def _open_fast(
    session: Any,
    conversation_id: int,
    after_seq: int | None,
    after_change: int | None,
    purpose: str,
) -> Opened:
    # A client's count beyond what a column holds: nothing lies past it (as the ORM's lookups answer),
    # and a parameter that large fails the statement on SQLite.
    after_seq = None if after_seq is None else min(after_seq, _LARGEST)
    after_change = None if after_change is None else min(after_change, _LARGEST)
    data = _session_data(session)
    try:
        user_id = User._meta.pk.to_python(data[SESSION_KEY])
        backend_path = data[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        raise Refused(CLOSE_SIGNED_OUT) from None  # `get_user`: no person in this session
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        raise Refused(CLOSE_SIGNED_OUT)  # `get_user` answers AnonymousUser too
    if type(load_backend(backend_path)).get_user is not ModelBackend.get_user:
        raise Slow  # a backend of its own finds the person its own way
    with sql.batch():
        programs = sql.send(_statement(_programs_sql), [user_id])
        seats = sql.send(_statement(_seats_sql), [conversation_id])
        missed = (
            None
            if after_seq is None
            else sql.send(
                _statement(_missed_sql), _missed_params(conversation_id, user_id, after_seq)
            )
        )
        changed = (
            None
            if after_seq is None or after_change is None
            else sql.send(
                _statement(_changed_sql),
                _changed_params(conversation_id, user_id, after_seq, after_change),
            )
        )
    program_rows, seat_rows = programs.rows(), seats.rows()
    missed_rows = missed.rows() if missed is not None else None
    changed_rows = changed.rows() if changed is not None else []
    db = connections[DEFAULT_DB_ALIAS]  # once: `connection` finds it again on every use
    conversation, people = _seated(seat_rows, db)
    own = next((seat for seat in people if seat.user_id == user_id), None)
    if own is None:
        raise Slow  # not here (or no such conversation): `get_user` tells signed out from refused
    user = own.user
    session_hash = data.get(HASH_SESSION_KEY)
    if (
        not user.is_active  # ModelBackend's `user_can_authenticate`: `get_user` answers AnonymousUser
        or not session_hash
        or not constant_time_compare(session_hash, user.get_session_auth_hash())
    ):
        raise Slow  # an old secret key's hash renews the session; anything else ends it: `get_user`
    _pin(user, program_rows, data.get(PROGRAM_SESSION_KEY), db)
    _audit(user, conversation, own, people, purpose)
    if missed_rows is None:
        return Opened(user, conversation, None)
    senders = {seat.user_id: seat.user for seat in people}
    events = [realtime.update_event(_message(row, senders, db)) for row in changed_rows]
    events += [realtime.message_event(_message(row, senders, db)) for row in missed_rows]
    return Opened(user, conversation, events)


def _session_data(session: Any) -> dict[str, Any]:
    """The session's data, read as Django's database store reads it (`SessionStore.load`), and kept in
    it: what the rest of the connect asks of `session` (the chosen program, the two-step device) is
    answered from it without another statement."""
    if session is None:
        raise Refused(CLOSE_SIGNED_OUT)
    if getattr(session, "_session_cache", None) is not None:
        return session._session_cache  # type: ignore[no-any-return]
    key = session.session_key  # None when the cookie's value cannot be a key
    found = (
        sql.one(_statement(_session_sql), [key, sql.when(timezone.now())])
        if key is not None
        else None
    )
    if found is None:
        session._session_key = None  # as Django's store does for a session that is gone
        session._session_cache = {}
        raise Refused(CLOSE_SIGNED_OUT)
    data: dict[str, Any] = session.decode(found[0])
    session._session_cache = data
    return data


def _seated(rows: list[tuple[Any, ...]], db: Any) -> tuple[Conversation, list[Participant]]:
    """`access_live`'s objects from the seats statement's rows: each seat with its person, one
    conversation with its program, and the seats stored as the conversation's loaded participants."""
    if not rows:
        raise Slow
    seat_width, user_width = sql.width(Participant), sql.width(User)
    conversation = sql.instance(Conversation, rows[0], seat_width + user_width, db=db)
    conversation.program = sql.instance(
        Program, rows[0], seat_width + user_width + sql.width(Conversation), db=db
    )
    seats = []
    for row in rows:
        seat = sql.instance(Participant, row, db=db)
        seat.user = sql.instance(User, row, seat_width, db=db)
        seat.conversation = conversation
        seats.append(seat)
    _store_people(conversation, seats)
    return conversation, seats


def _pin(user: User, rows: list[tuple[Any, ...]], chosen: Any, db: Any) -> None:
    """`pin_from_session` (`accounts.selectors.pin_standing`, not strict) from the programs statement's
    rows: the chosen program if the person is in it, else their first; their roles there."""
    programs: dict[int, Program] = {}
    for row in rows:
        if row[0] not in programs:
            programs[row[0]] = sql.instance(Program, row, 2, db=db)
    memberships = [(programs[row[0]], row[1]) for row in rows]
    user._alongside_standing = standing_among(memberships, chosen)  # type: ignore[attr-defined]


def _message(row: tuple[Any, ...], senders: dict[int, User], db: Any) -> Message:
    message: Message = sql.instance(Message, row, db=db)
    sender = senders.get(message.sender_id) if message.sender_id is not None else None
    if message.sender_id is not None and sender is None:  # someone who has left the room since
        sender = User.objects.get(pk=message.sender_id)
    message.sender = sender
    return message


_statements: dict[tuple[Callable[[], str], str], str] = {}


def _statement(build: Callable[[], str]) -> str:
    """`build()`'s statement, built once per kind of database."""
    key = (build, connection.vendor)
    found = _statements.get(key)
    if found is None:
        found = _statements[key] = build()
    return found


def _session_sql() -> str:
    return (
        f"SELECT {sql.column(Session, 'session_data')} FROM {sql.table(Session)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Session, 'session_key')} = %s"
        f" AND {sql.column(Session, 'expire_date')} > %s"
    )


def _programs_sql() -> str:
    """`pin_standing`'s `Membership.objects.filter(user=…).select_related("program")
    .order_by("program_id")`: each membership's program id and role, then its program."""
    return (
        f"SELECT {sql.ref(Membership, 'program')}, {sql.ref(Membership, 'role')},"  # noqa: S608 (model names)
        f" {sql.columns(Program)} FROM {sql.table(Membership)}"
        f" INNER JOIN {sql.table(Program)}"
        f" ON {sql.ref(Membership, 'program')} = {sql.ref(Program, 'id')}"
        f" WHERE {sql.ref(Membership, 'user')} = %s"
        f" ORDER BY {sql.ref(Membership, 'program')} ASC, {sql.ref(Membership, 'id')} ASC"
    )


def _seats_sql() -> str:
    """`access_live`'s `Participant.objects.select_related("user", "conversation",
    "conversation__program").filter(conversation_id=…).order_by("pk")`."""
    return (
        f"SELECT {sql.columns(Participant)}, {sql.columns(User)}, {sql.columns(Conversation)},"  # noqa: S608 (model names)
        f" {sql.columns(Program)} FROM {sql.table(Participant)}"
        f" INNER JOIN {sql.table(User)} ON {sql.ref(Participant, 'user')} = {sql.ref(User, 'id')}"
        f" INNER JOIN {sql.table(Conversation)}"
        f" ON {sql.ref(Participant, 'conversation')} = {sql.ref(Conversation, 'id')}"
        f" INNER JOIN {sql.table(Program)}"
        f" ON {sql.ref(Conversation, 'program')} = {sql.ref(Program, 'id')}"
        f" WHERE {sql.ref(Participant, 'conversation')} = %s"
        f" ORDER BY {sql.ref(Participant, 'id')} ASC"
    )


def _visible_to_seat() -> str:
    """`selectors.visible_since` in the statement: in a room, none older than the reader's seat."""
    return (
        f" INNER JOIN {sql.table(Conversation)}"
        f" ON {sql.ref(Message, 'conversation')} = {sql.ref(Conversation, 'id')}"
        f" INNER JOIN {sql.table(Participant)}"
        f" ON {sql.ref(Participant, 'conversation')} = {sql.ref(Message, 'conversation')}"
        f" AND {sql.ref(Participant, 'user')} = %s"
        f" WHERE {sql.ref(Message, 'conversation')} = %s"
        f" AND ({sql.ref(Conversation, 'kind')} <> %s"
        f" OR {sql.ref(Message, 'created_at')} >= {sql.ref(Participant, 'created_at')})"
    )


def _missed_sql() -> str:
    """`selectors.messages_after(conversation_id, after_seq, since=…)`, senders read from the seats."""
    return (
        f"SELECT {sql.columns(Message)} FROM {sql.table(Message)}{_visible_to_seat()}"  # noqa: S608 (model names)
        f" AND {sql.ref(Message, 'seq')} > %s"
        f" ORDER BY {sql.ref(Message, 'seq')} ASC LIMIT {selectors.REPLAY_BATCH}"
    )


def _missed_params(conversation_id: int, user_id: int, after_seq: int) -> list[Any]:
    return [user_id, conversation_id, Kind.ROOM.value, after_seq]


def _changed_sql() -> str:
    """`selectors.changes_after(conversation_id, through_seq=…, after_change=…, since=…)`."""
    return (
        f"SELECT {sql.columns(Message)} FROM {sql.table(Message)}{_visible_to_seat()}"  # noqa: S608 (model names)
        f" AND {sql.ref(Message, 'seq')} <= %s AND {sql.ref(Message, 'change')} > %s"
        f" ORDER BY {sql.ref(Message, 'seq')} ASC"
    )


def _changed_params(
    conversation_id: int, user_id: int, after_seq: int, after_change: int
) -> list[Any]:
    return [user_id, conversation_id, Kind.ROOM.value, after_seq, after_change]
