"""The send path's statements in plain SQL (`common.sql`: building an ORM query costs ten times more CPU
than running it); each says which ORM call it stands for. Both send paths send the same ones."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from uuid import UUID

from django.db import connection

from alongside.accounts.models import User
from alongside.common import sql

from ..models import Conversation, Message, Participant

# Safety reads a new message with the writer's few messages just before it, from the last half hour and
# the conversation's last 50 messages ("i'm at the station", then "the next one comes in 8 minutes").
CONTEXT_MESSAGES = 3
CONTEXT_WINDOW = timedelta(minutes=30)
CONTEXT_SPAN = 50


def _client_id_param(client_id: UUID) -> object:
    return Message._meta.get_field("client_id").get_db_prep_value(client_id, connection)


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
