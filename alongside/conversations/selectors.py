"""Reads: who may open a conversation, its history, what a reconnecting client missed, notifications."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import F, Max, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.audit.services import record_access
from alongside.common import sql
from alongside.safety.selectors import access_escalation, may_manage, needs_follow_up
from alongside.safety.sources import Line, Trigger

from . import realtime
from .models import (
    Conversation,
    Kind,
    Message,
    MessageKind,
    Notification,
    NotificationQuerySet,
    Participant,
)

HISTORY_PAGE = 50  # messages per page of history
REPLAY_BATCH = 500  # messages per query when a client catches up


def _with_people() -> Prefetch[str, QuerySet[Participant], str]:
    return Prefetch(
        "participants", queryset=Participant.objects.select_related("user").order_by("pk")
    )


def access_conversation(
    viewer: User, conversation_id: int, *, purpose: str = "Opened a conversation"
) -> Conversation:
    """The conversation if `viewer` takes part in it (ended or left ones stay readable); else Http404,
    exactly as if it did not exist. When someone other than the member reads it, the read is audited."""
    conversation = (
        Conversation.objects.select_related("program")
        .prefetch_related(_with_people())
        .filter(pk=conversation_id, participants__user=viewer)
        .first()
    )
    if conversation is None or not viewer.is_active:
        raise Http404
    seat = seat_of(conversation, viewer)
    if seat.role != Role.MEMBER:  # a supporter reading a member's words is a read of their record
        members = [p.user for p in conversation.participants.all() if p.role == Role.MEMBER]
        record_access(
            viewer=viewer,
            record=conversation,
            subject=members[0] if len(members) == 1 else None,
            purpose=purpose,
            program_id=conversation.program_id,
        )
    return conversation


def access_message(viewer: User, message_id: int, *, purpose: str = "Read a message") -> Message:
    """A message whose words `viewer` may read, as the conversation page shows them (the read of its
    conversation is audited as `access_conversation` audits it); else Http404, as if missing."""
    message = Message.objects.select_related("sender").filter(pk=message_id).first()
    if message is None:
        raise Http404
    conversation = access_conversation(viewer, message.conversation_id, purpose=purpose)
    since = visible_since(conversation, seat_of(conversation, viewer))
    if (
        message.kind not in (MessageKind.TEXT, MessageKind.CLOSING)  # a system line, nobody's words
        or (
            message.is_held and message.sender_id != viewer.pk
        )  # held for a supervisor: sender only
        or message.is_hidden  # a moderator hid it: moderators read it from the queue, not here
        or message.is_deleted
        or (since is not None and message.created_at < since)  # said in a room before they came
    ):
        raise Http404
    message.conversation = conversation
    return message


def seat_of(conversation: Conversation, user: User) -> Participant:
    """`user`'s place in a conversation loaded by `access_conversation`."""
    for participant in conversation.participants.all():
        if participant.user_id == user.pk:
            return participant
    raise Http404


def others_in(conversation: Conversation, user: User) -> list[Participant]:
    return [p for p in conversation.participants.all() if p.user_id != user.pk]


def live_access_problem(
    *, user_id: int, conversation_id: int, session_key: str | None
) -> str | None:
    """Checked on every WebSocket frame but a send (`services.send_message` asks the same in its own
    first round trip): None while the person is active, still a participant and (for a session-signed
    connection) still signed in; else "signed_out" or "no_access". Signing out or a quick exit in
    another tab so ends the live connection too. One statement, in plain SQL (`common.sql`): the ORM's
    `Session…exists()` and `Participant…exists()`."""
    signed_in, seated = sql.row(
        _live_access_sql(), [session_key, sql.when(timezone.now()), conversation_id, user_id, True]
    )
    if session_key is not None and signed_in is None:
        return "signed_out"
    if seated is None:
        return "no_access"
    return None


@cache
def signed_in_sql() -> str:
    """A statement that finds a row while the session (first parameter) has not ended or expired (at the
    second): a question the send path asks inside its lock statement."""
    return (
        f"SELECT 1 FROM {sql.table(Session)} WHERE {sql.column(Session, 'session_key')} = %s"  # noqa: S608 (model names)
        f" AND {sql.column(Session, 'expire_date')} > %s"
    )


@cache
def _live_access_sql() -> str:
    seat, user = sql.table(Participant), sql.table(User)
    return (
        f"SELECT ({signed_in_sql()}),"  # noqa: S608 (model names)
        f" (SELECT 1 FROM {seat} JOIN {user} ON {sql.ref(User, 'id')} = {sql.ref(Participant, 'user')}"
        f" WHERE {sql.ref(Participant, 'conversation')} = %s AND {sql.ref(Participant, 'user')} = %s"
        f" AND {sql.ref(User, 'is_active')} = %s)"
    )


def conversations_of(user: User, program: Program | None) -> QuerySet[Participant]:
    """The person's seats in `program` (the request's), newest activity first, with the conversation
    and everyone in it loaded; none without a program."""
    return (
        Participant.objects.filter(user=user, conversation__program=program)
        .select_related("conversation")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.select_related("user").order_by("pk"),
            )
        )
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation__pk")
    )


def visible_since(conversation: Conversation, seat: Participant) -> datetime | None:
    """Where a person's view of a conversation starts. A room (a drop-in room, a group meeting) shows
    what was said since they first came in: it is not an archive for whoever joins later. A 1:1 shows
    everything."""
    return seat.created_at if conversation.kind == Kind.ROOM else None


def history(
    conversation: Conversation,
    *,
    before_seq: int | None = None,
    limit: int = HISTORY_PAGE,
    since: datetime | None = None,
) -> list[Message]:
    """Up to `limit` messages before `before_seq` (or the newest), oldest first; none older than
    `since` (see `visible_since`)."""
    found = Message.objects.filter(conversation=conversation).select_related("sender")
    if before_seq is not None:
        found = found.filter(seq__lt=before_seq)
    if since is not None:
        found = found.filter(created_at__gte=since)
    return list(reversed(found.order_by("-seq")[:limit]))


def messages_after(
    conversation_id: int,
    after_seq: int,
    *,
    until_seq: int | None = None,
    limit: int = REPLAY_BATCH,
    since: datetime | None = None,
) -> list[Message]:
    """Messages with seq in (after_seq, until_seq), oldest first, at most `limit`; none older than
    `since`."""
    found = Message.objects.filter(conversation_id=conversation_id, seq__gt=after_seq)
    if until_seq is not None:
        found = found.filter(seq__lt=until_seq)
    if since is not None:
        found = found.filter(created_at__gte=since)
    return list(found.select_related("sender").order_by("seq")[:limit])


def changes_after(
    conversation_id: int, *, through_seq: int, after_change: int, since: datetime | None = None
) -> list[Message]:
    """Messages a client already has (seq <= through_seq) that were edited or deleted since it last
    heard of change `after_change`; none older than `since`."""
    found = Message.objects.filter(
        conversation_id=conversation_id, seq__lte=through_seq, change__gt=after_change
    )
    if since is not None:
        found = found.filter(created_at__gte=since)
    return list(found.select_related("sender").order_by("seq"))


def missed_events(
    conversation_id: int,
    after_seq: int,
    *,
    after_change: int | None = None,
    limit: int = REPLAY_BATCH,
    since: datetime | None = None,
) -> list[realtime.Payload]:
    """What a client that has everything through `after_seq` missed: `update` events for messages it
    has that changed since `after_change` (when given), then `message` events in seq order."""
    events = []
    if after_change is not None:
        events = [
            realtime.update_event(m)
            for m in changes_after(
                conversation_id, through_seq=after_seq, after_change=after_change, since=since
            )
        ]
    return events + [
        realtime.message_event(m)
        for m in messages_after(conversation_id, after_seq, limit=limit, since=since)
    ]


def latest_seq(conversation_id: int) -> int:
    return (
        Conversation.objects.filter(pk=conversation_id).values_list("last_seq", flat=True).first()
        or 0
    )


def read_cursors_of_others(conversation_id: int, user_id: int) -> list[realtime.Payload]:
    return realtime.read_cursors(
        list(Participant.objects.filter(conversation_id=conversation_id).exclude(user_id=user_id))
    )


def own_message(viewer: User, conversation: Conversation, seq: int) -> Message:
    """A message `viewer` wrote in a conversation they may open; else Http404."""
    message = Message.objects.filter(conversation=conversation, seq=seq, sender=viewer).first()
    if message is None:
        raise Http404
    return message


def notifications_in(user: User, program: Program | None) -> NotificationQuerySet:
    """A person's notifications about conversations in `program` (the request's, not their first):
    someone in two programs sees only the current one's. No program: none."""
    if program is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, conversation__program=program)


def notifications_of(user: User, program: Program | None) -> QuerySet[Notification]:
    """The notifications page: unread first, newest first, in `program` only."""
    return (
        notifications_in(user, program)
        .select_related("actor", "conversation")
        .order_by(F("read_at").desc(nulls_first=True), "-updated_at", "-pk")
    )


def unread_notification_count(user: User, program: Program | None) -> int:
    return notifications_in(user, program).unread().count()


def held_messages(program_id: int, *, limit: int = 50) -> list[Message]:
    """Messages the boundary guard holds in a program, oldest first: what a supervisor reviews."""
    return list(
        Message.objects.filter(conversation__program_id=program_id, held_at__isnull=False)
        .select_related("sender")
        .order_by("held_at", "pk")[:limit]
    )


# --- what raised a safety escalation (read by alongside.safety.sources) ----------------------------

ESCALATION_CONTEXT = 5  # messages shown before the one that raised an escalation


def _words_of(message: Message) -> tuple[str, bool]:
    """A message's words as written, and whether its writer changed them since (the first words are
    kept in its revisions)."""
    revisions = sorted(message.revisions.all(), key=lambda r: (r.at, r.pk))
    if revisions:
        return revisions[0].body, True
    return message.body, False


def _trigger(message: Message, earlier: list[Message], person_id: int | None) -> Trigger:
    words, changed = _words_of(message)
    before = [
        Line(
            author=str(m.sender) if m.sender else "",
            words=_words_of(m)[0],
            at=m.created_at,
            by_the_person=m.sender_id == person_id,
            item=m.seq,
        )
        for m in earlier
        if m.kind != MessageKind.LEFT
    ]
    return Trigger(
        words=words,
        at=message.created_at,
        label_kind="conversation",
        label_id=message.pk,
        assessed_level=message.risk_level,
        model_version=message.risk_model_version,
        before=before,
        context=[line.words for line in before if line.by_the_person][-3:],
        changed_after=changed,
    )


def _with_earlier(conversation_id: int, seq: int) -> tuple[Message, list[Message]] | None:
    found = list(
        Message.objects.filter(
            conversation_id=conversation_id,
            seq__gt=max(0, seq - ESCALATION_CONTEXT - 1),
            seq__lte=seq,
        )
        .select_related("sender")
        .prefetch_related("revisions")
        .order_by("seq")
    )
    if not found or found[-1].seq != seq:
        return None
    *earlier, message = found
    return message, earlier


def escalation_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The message that opened an escalation in a conversation or room (or, with `item`, one of the
    few shown before it), and the few before that. The caller has checked access
    (`safety.selectors.access_escalation`)."""
    first = escalation.source_item
    if not first:
        return None
    seq = first if item is None else item
    if not first - ESCALATION_CONTEXT <= seq <= first:
        return None
    found = _with_earlier(escalation.source_id, seq)
    return _trigger(*found, escalation.person_id) if found else None


def follow_up_needed(conversation: Conversation) -> Any:
    """The escalation about a one-to-one conversation's member that asks for a follow-up before the
    conversation ends (see `safety.selectors.needs_follow_up`), or None."""
    if conversation.kind != Kind.ONE_TO_ONE or conversation.is_ended:
        return None
    members = [p.user_id for p in conversation.participants.all() if p.role == Role.MEMBER]
    return needs_follow_up(conversation.program, members)


def message_trigger(conversation: Conversation, seq: int) -> tuple[Message, Trigger]:
    """A message someone else wrote, as staff in the conversation label its assessment, with its
    writer's few messages before it; Http404 for their own, a system line or a deleted one."""
    found = _with_earlier(conversation.pk, seq)
    if found is None:
        raise Http404
    message, earlier = found
    if message.kind != MessageKind.TEXT or message.is_deleted or message.sender_id is None:
        raise Http404
    return message, _trigger(message, earlier, message.sender_id)


def access_under_escalation(viewer: User, escalation_id: int) -> tuple[Conversation, Any]:
    """The conversation an open escalation came from, read-only, for a supervisor or administrator
    of its program who is not in it: access by the escalation only, ending when it is resolved, and
    audited. Http404 otherwise, as if missing."""
    escalation = access_escalation(
        viewer, escalation_id, purpose="Opened the conversation under a safety escalation"
    )
    if (
        not may_manage(viewer, escalation)  # the supporter reads it as a participant
        or not escalation.is_open  # the view ends when the escalation is resolved
        or escalation.source_kind not in ("conversation", "room")
    ):
        raise Http404
    conversation = (
        Conversation.objects.select_related("program")
        .prefetch_related(_with_people())
        .filter(pk=escalation.source_id, program_id=escalation.program_id)
        .first()
    )
    if conversation is None:
        raise Http404
    record_access(
        viewer=viewer,
        record=conversation,
        subject=escalation.person,
        purpose=f"Read the conversation, read-only, under safety escalation #{escalation.pk}",
        program_id=conversation.program_id,
    )
    return conversation, escalation


def chat_times_of(
    supporter: User, *, since: datetime, until: datetime, program: Program | None = None
) -> list[tuple[int, int, datetime, bool]]:
    """(conversation id, member id, sent at, sent by the supporter) for every message in `supporter`'s
    one-to-one conversations with members (in `program` only, when given), sent in [since, until),
    oldest first; no words (two queries). The records app measures the supporter's active chat time
    from these."""
    mine = Participant.objects.filter(
        user=supporter, role=Role.SUPPORTER, conversation__kind=Kind.ONE_TO_ONE
    )
    if program is not None:
        mine = mine.filter(conversation__program=program)
    seats = mine.values("conversation_id")
    members = dict(
        Participant.objects.filter(conversation_id__in=seats, role=Role.MEMBER).values_list(
            "conversation_id", "user_id"
        )
    )
    if not members:
        return []
    rows = (
        Message.objects.filter(
            conversation_id__in=list(members),
            kind=MessageKind.TEXT,
            created_at__gte=since,
            created_at__lt=until,
        )
        .order_by("created_at", "pk")
        .values_list("conversation_id", "sender_id", "created_at")
    )
    return [(c, members[c], at, sender == supporter.pk) for c, sender, at in rows]


def member_message_days(
    program: Program, since: datetime, until: datetime
) -> list[tuple[int, Any]]:
    """For reports: each (member id, day in the program's time zone) on which a member of `program` sent
    a message in [since, until), once per day."""
    members = Membership.objects.filter(program=program, role=Role.MEMBER).values("user_id")
    zone = zoneinfo.ZoneInfo(program.time_zone)
    return list(
        Message.objects.filter(
            conversation__program=program,
            sender_id__in=members,
            created_at__gte=since,
            created_at__lt=until,
            kind=MessageKind.TEXT,
        )
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values_list("sender_id", "day")
        .distinct()
    )


def last_message_by_member(program: Program) -> dict[int, datetime]:
    """For reports: when each member of `program` last sent a message."""
    members = Membership.objects.filter(program=program, role=Role.MEMBER).values("user_id")
    return dict(
        Message.objects.filter(conversation__program=program, sender_id__in=members)
        .values("sender_id")
        .annotate(last=Max("created_at"))
        .values_list("sender_id", "last")
    )


def open_conversation_between(one: User, other: User) -> int | None:
    """The id of the latest open conversation both people sit in (resources' welcome links to it)."""
    found = (
        Conversation.objects.open()
        .filter(participants__user=one)
        .filter(participants__user=other)
        .order_by("-pk")
        .only("pk")
        .first()
    )
    return found.pk if found else None


def first_message_time(person: Any, since: Any, senders: QuerySet[Any]) -> QuerySet[Message, Any]:
    """For a subquery (resources' hand-off clocks): when one of `senders` first wrote to `person` in
    a conversation they sit in, at `since` or later (each may be an `OuterRef`)."""
    return (
        Message.objects.filter(
            kind=MessageKind.TEXT,
            conversation__participants__user_id=person,
            created_at__gte=since,
            sender_id__in=senders,
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
