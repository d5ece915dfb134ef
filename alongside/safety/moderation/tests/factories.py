"""Reports, actions and held posts for tests. Every name and word is synthetic."""

from datetime import timedelta
from uuid import uuid4

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.tests.factories import person
from alongside.conversations.models import Conversation, Message, Participant
from alongside.safety.moderation.models import Hold, ModerationAction, Report


def message_in(
    program: Program,
    *,
    reader: User | None = None,
    author: User | None = None,
    body: str = "A synthetic message to report.",
) -> Message:
    """A message by `author` in a conversation `reader` takes part in (both made if missing)."""
    author = author or person(program, Role.MEMBER)
    conversation = Conversation.objects.create(program=program, last_seq=1, last_change=1)
    seats = [Participant(conversation=conversation, user=author, role=Role.MEMBER)]
    if reader is not None:
        seats.append(Participant(conversation=conversation, user=reader, role=Role.SUPPORTER))
    Participant.objects.bulk_create(seats)
    return Message.objects.create(
        conversation=conversation, seq=1, change=1, sender=author, client_id=uuid4(), body=body
    )


def open_report(
    program: Program, *, about: User | None = None, reporter: User | None = None, note: str = ""
) -> Report:
    about = about or person(program, Role.MEMBER)
    return Report.objects.create(
        program=program,
        reporter=reporter or person(program, Role.MEMBER),
        target_kind="person",
        target_id=about.pk,
        target_author=about,
        reason="harassment",
        note=note,
    )


def action_on(subject: User, program: Program, kind: str = "warn", **fields) -> ModerationAction:
    if kind == "suspend":
        fields.setdefault("ends_at", timezone.now() + timedelta(days=3))
    return ModerationAction.objects.create(
        program=program, subject=subject, kind=kind, reason="Please be kind to others.", **fields
    )


def held_post(program: Program, author: User | None = None, target_id: int = 1) -> Hold:
    return Hold.objects.create(
        program=program,
        author=author or person(program, Role.MEMBER),
        target_kind="person",  # any registered kind will do; forums will add their own
        target_id=target_id,
        excerpt="A first post from someone new.",
    )
