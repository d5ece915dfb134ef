"""Ending a conversation: a supporter ends it with a closing note (and, after a crisis, a follow-up
agreed); a member leaves it."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.services import end_care_team_link
from alongside.safety import selectors as safety_selectors
from alongside.safety import services as safety_services

from .. import realtime
from ..models import Conversation, Kind, Message, MessageKind, NotificationKind, Participant
from .checks import _clean_body, _lock, _require_open, _seat
from .notifying import _notify_away
from .sending import _append


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
