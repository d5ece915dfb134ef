"""Conversations for tests: a member and a supporter talking, in a program of their own or a given one.
Every name and word is synthetic."""

from uuid import uuid4

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.conversations.models import Conversation, Message
from alongside.conversations.services import send_message, start_conversation


def conversation_with(
    member: User | None = None, supporter: User | None = None, program: Program | None = None
) -> Conversation:
    """A 1:1 conversation; people missing are made in `program` (or a new one)."""
    program = program or ProgramFactory()
    member = member or person(program, Role.MEMBER)
    supporter = supporter or person(program, Role.SUPPORTER)
    return start_conversation(member=member, supporter=supporter)


def people_of(conversation: Conversation) -> tuple[User, User]:
    """(member, supporter) of a 1:1 conversation."""
    seats = {p.role: p.user for p in conversation.participants.select_related("user")}
    return seats[Role.MEMBER], seats[Role.SUPPORTER]


def say(conversation: Conversation, sender: User, body: str = "Hello there.") -> Message:
    return send_message(conversation=conversation, sender=sender, client_id=uuid4(), body=body)


def say_anyway(conversation: Conversation, sender: User, body: str = "Hello there.") -> Message:
    """Send as someone who was warned by the boundary guard and chose "Send anyway": for tests about what
    happens to such a message afterwards (reports, moderation), not about the guard itself."""
    return send_message(
        conversation=conversation,
        sender=sender,
        client_id=uuid4(),
        body=body,
        confirm_boundary=True,
    )
