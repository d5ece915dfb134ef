"""The boundary guard's side of conversations: the warning a writer sees, the program's policy (warn or
hold), and a supervisor releasing a held message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.safety.boundaries import Finding

from .. import realtime
from ..models import BoundaryPolicy, ConversationSettings, Message, NotificationKind
from .checks import _lock
from .notifying import _notify_away


class BoundaryWarning(ValidationError):
    """The boundary guard found something (a phone number, a plan to meet, …) in a message the writer
    has not yet confirmed: nothing was stored; the words stay with the writer, with `findings`."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            _("Before you send this, please have a look: %(reasons)s")
            % {"reasons": " ".join(f.reason for f in findings)},
            code="boundary",
        )
        self.findings = findings


def boundary_policy(program_id: int) -> str:
    """The program's boundary policy: warn (the default) or hold."""
    found = (
        ConversationSettings.objects.filter(program_id=program_id)
        .values_list("boundary_policy", flat=True)
        .first()
    )
    return found or BoundaryPolicy.WARN


@transaction.atomic
def release_held_message(*, message_id: int, supervisor: User) -> Message:
    """A supervisor lets a held message through: the others now see it (as an `update`, in its place)."""
    message = Message.objects.select_related("sender").get(pk=message_id, held_at__isnull=False)
    locked = _lock(message.conversation_id)
    place = standing(supervisor)
    if (
        place.program is None
        or place.program.pk != locked.program_id
        or not place.has(Role.SUPERVISOR)
    ):
        raise PermissionDenied
    locked.last_change += 1
    locked.save(update_fields=["last_change", "updated_at"])
    message.held_at = None
    message.change = locked.last_change
    message.save(update_fields=["held_at", "change"])
    record_access(
        viewer=supervisor,
        record=message,
        subject=message.sender,
        action=Action.WRITE,
        purpose="Released a message held by the boundary guard",
        program_id=locked.program_id,
    )
    realtime.broadcast_on_commit(
        realtime.conversation_group(locked.pk), realtime.update_event(message)
    )
    if message.sender is not None:
        _notify_away(locked, actor=message.sender, kind=NotificationKind.MESSAGE)
    return message


def save_program_settings(*, program_id: int, by: User, boundary_policy: str) -> None:
    """An admin sets the program's conversation choices (the boundary policy), in the access log."""
    settings_row, _created = ConversationSettings.objects.update_or_create(
        program_id=program_id, defaults={"boundary_policy": BoundaryPolicy(boundary_policy)}
    )
    record_access(
        viewer=by,
        record=settings_row,
        subject=None,
        action=Action.WRITE,
        purpose=f"Set the boundary policy to {boundary_policy}",
        program_id=program_id,
    )
