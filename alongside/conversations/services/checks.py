"""What every change to a conversation starts with: words worth storing, the conversation's row lock,
the person's seat, and a conversation still open to them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from alongside.accounts.models import User

from ..models import MAX_BODY, Conversation, Participant


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
