"""What a person has read: their read cursor in a conversation, and their notifications."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Program, User

from .. import realtime
from ..models import Notification, Participant
from ..selectors import notifications_in


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


@transaction.atomic
def mark_notifications_read(*, user: User, program: Program | None) -> int:
    """Mark read every unread notification of the person's about a conversation in `program` (the
    request's); another program's stay unread. How many were marked."""
    return notifications_in(user, program).unread().update(read_at=timezone.now())
