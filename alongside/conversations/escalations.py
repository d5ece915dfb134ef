"""Crisis words in a stored message open an escalation for its writer. Safety's `escalate_message`
(which the send paths call once a message is committed) reaches `escalate_message` here: conversations
hands it over from its AppConfig.ready(), since safety, a lower layer, does not read messages."""

from __future__ import annotations

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.safety import Level, assess
from alongside.safety.models import Escalation, SourceKind
from alongside.safety.services import open_escalation, room_keepers

from .models import Kind, Message, Participant


def escalate_message(message_id: int) -> Escalation | None:
    """For a stored message assessed `high` or `imminent`: its writer's escalation for that
    conversation or room (None for anything calmer, or a message gone)."""
    message = Message.objects.select_related("conversation", "sender").filter(pk=message_id).first()
    if message is None or message.sender is None:
        return None
    if not Level(message.risk_level).opens_escalation:
        return None
    conversation = message.conversation
    in_room = conversation.kind == Kind.ROOM
    supporter_seat = (
        Participant.objects.filter(conversation=conversation, role=Role.SUPPORTER)
        .exclude(user=message.sender)
        .select_related("user")
        .first()
    )
    program = Program.objects.get(pk=conversation.program_id)
    # The message keeps its level, not its reasons: read them again (a fraction of a millisecond), in
    # plain words for the supervisor. They never quote the message.
    reasons = [str(r) for r in assess(message.body).reasons]
    return open_escalation(
        program=program,
        person=message.sender,
        source_kind=(
            SourceKind.CONVERSATION if conversation.kind == Kind.ONE_TO_ONE else SourceKind.ROOM
        ),
        source_id=conversation.pk,
        source_item=message.seq,
        level=message.risk_level,
        reasons=reasons,
        assigned_supporter=supporter_seat.user if supporter_seat else None,
        also_alert=_keepers_of_room(conversation.pk, message.sender) if in_room else (),
    )


def _keepers_of_room(conversation_id: int, writer: User) -> list[User]:
    """The room's seated supporters (its facilitators), then whoever the registered apps name."""
    seated = Participant.objects.filter(conversation_id=conversation_id, role=Role.SUPPORTER)
    people = [seat.user for seat in seated.exclude(user=writer).select_related("user")]
    people += [p for p in room_keepers(conversation_id) if p.pk != writer.pk]
    return list({p.pk: p for p in people}.values())
