"""Opening conversations and rooms, and who sits in a room: start, open, join, remove."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in
from alongside.matching.selectors import blocked_ids

from ..models import Conversation, Kind, Notification, Participant
from .checks import _lock


@transaction.atomic
def start_conversation(
    *, member: User, supporter: User, program: Program | None = None
) -> Conversation:
    """A 1:1 conversation in `program` (a support request's, say; else the member's current one)
    between a member and a peer supporter there; the open one they already share in it, if any. Either
    may belong to other programs too: only their roles in this one count."""
    program = program or standing(member).program
    if (
        program is None
        or not standing_in(member, program).has(Role.MEMBER)
        or not standing_in(supporter, program).has(Role.SUPPORTER)
    ):
        raise ValidationError(
            _("A conversation needs a member and a peer supporter of one program.")
        )
    existing = (
        Conversation.objects.open()
        .filter(program=program, kind=Kind.ONE_TO_ONE, participants__user=member)
        .filter(participants__user=supporter)
        .first()
    )
    if existing is not None:
        return existing
    if supporter.pk in blocked_ids(member.pk):
        raise ValidationError(
            _("One of you has blocked the other, so a conversation cannot start."), code="blocked"
        )
    conversation = Conversation.objects.create(program=program, kind=Kind.ONE_TO_ONE)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=member, role=Role.MEMBER),
            Participant(conversation=conversation, user=supporter, role=Role.SUPPORTER),
        ]
    )
    return conversation


@transaction.atomic
def open_room(*, program: Program, title: str, people: list[tuple[User, Role]]) -> Conversation:
    """A room for several people (group rooms build on this; the realtime benchmark uses it)."""
    conversation = Conversation.objects.create(program=program, kind=Kind.ROOM, title=title)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=user, role=role) for user, role in people]
    )
    return conversation


@transaction.atomic
def join_room(*, conversation: Conversation, user: User, role: Role) -> Participant:
    """Seat `user` in a room (again, if they had left); reading starts from what is there now."""
    if conversation.kind != Kind.ROOM or conversation.is_ended:
        raise ValidationError(_("This room is closed."))
    seat, created = Participant.objects.get_or_create(
        conversation=conversation,
        user=user,
        defaults={"role": role, "last_read_seq": conversation.last_seq},
    )
    if not created and seat.left_at is not None:
        seat.left_at = None
        seat.save(update_fields=["left_at", "updated_at"])
    return seat


@transaction.atomic
def remove_from_room(*, conversation: Conversation, user: User) -> bool:
    """Take `user`'s seat in a room away (a group facilitator asked them to leave): they can no longer
    open it, and their live connection closes at its next frame. Their past messages stay. True if
    they had a seat."""
    if conversation.kind != Kind.ROOM:
        raise ValidationError(_("Only a room can have people removed."))
    locked = _lock(conversation.pk)
    removed, _counts = Participant.objects.filter(conversation=locked, user=user).delete()
    Notification.objects.filter(conversation=locked, recipient=user).delete()
    return bool(removed)
