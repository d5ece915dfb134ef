"""Changing a stored message: its writer edits or deletes it within the edit window; a moderator hides
it (or shows it again)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.conversations import services  # `services.assess`, looked up at each call
from alongside.safety.boundaries import KINDS, check_boundaries

from .. import realtime
from ..models import BoundaryPolicy, Conversation, Message, MessageRevision, Participant
from .boundaries import BoundaryWarning, boundary_policy
from .checks import _clean_body, _lock, _require_open, _seat


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
    assessment = services.assess(body)
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
