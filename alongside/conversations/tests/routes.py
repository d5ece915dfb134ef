"""Who may use each conversations route (see alongside.common.testing.routes)."""

from uuid import uuid4

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, in_program, roles, signed_in
from alongside.conversations.models import BoundaryPolicy, Conversation, ConversationSettings
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say

TALKERS = ("member", "supporter")


def _conversation(world, viewer, whose) -> Conversation:
    """own: the world's member with their supporter; other: another member with another supporter of
    the same program; foreign: a conversation in another program."""
    if whose == "own":
        return start_conversation(member=world["member"], supporter=world["supporter"])
    if whose == "other":
        return start_conversation(
            member=world.other_member, supporter=person(world.program, Role.SUPPORTER)
        )
    return start_conversation(
        member=world.foreign_member, supporter=person(world.foreign_program, Role.SUPPORTER)
    )


def _conversation_id(world, viewer, whose):
    return {"conversation_id": _conversation(world, viewer, whose).pk}


def _message(world, viewer, whose):
    conversation = _conversation(world, viewer, whose)
    seats = {p.role: p.user for p in conversation.participants.select_related("user")}
    author = world[viewer] if whose == "own" and viewer in TALKERS else seats[Role.MEMBER]
    return {"conversation_id": conversation.pk, "seq": say(conversation, author).seq}


def _in_own(*allowed):
    def rule(viewer, whose):
        return viewer in allowed and whose == "own"

    return rule


def _member_message(world, viewer, whose):
    """A message the conversation's member wrote: what staff in the conversation may label."""
    conversation = _conversation(world, viewer, whose)
    seats = {p.role: p.user for p in conversation.participants.select_related("user")}
    return {"conversation_id": conversation.pk, "seq": say(conversation, seats[Role.MEMBER]).seq}


def _under_escalation(world, viewer, whose):
    """An open escalation about the member of a conversation (own: the world's member, whose
    supporter is the world's supporter; other: another member of the program; foreign: elsewhere)."""
    from alongside.safety.tests.factories import escalation_for

    conversation = _conversation(world, viewer, whose)
    seats = {p.role: p.user for p in conversation.participants.select_related("user")}
    message = say(conversation, seats[Role.MEMBER])
    escalation = escalation_for(
        seats[Role.MEMBER],
        conversation.program,
        supporter=seats[Role.SUPPORTER],
        source_id=conversation.pk,
    )
    escalation.source_item = message.seq
    escalation.save(update_fields=["source_item"])
    return {"escalation_id": escalation.pk}


_managers = in_program("supervisor", "admin")


def _held_message(world, viewer, whose):
    """A message the boundary guard holds: in the viewer's program (own, other) or another (foreign)."""
    conversation = _conversation(world, viewer, whose)
    ConversationSettings.objects.update_or_create(
        program=conversation.program, defaults={"boundary_policy": BoundaryPolicy.HOLD}
    )
    seats = {p.role: p.user for p in conversation.participants.select_related("user")}
    return {"message_id": say(conversation, seats[Role.MEMBER], "Call me: 555-123-4567").pk}


def _send(world, viewer, whose):
    return {"client_id": str(uuid4()), "body": "Hello, how are you today?"}


ROUTES = [
    Route(
        "conversations:message-assessment",
        _in_own("supporter"),
        object_scoped=True,
        kwargs=_member_message,
        notes="staff in the conversation label a message by someone else",
    ),
    Route(
        "conversations:message-assessment",
        _in_own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_member_message,
        ok=frozenset({302}),
    ),
    Route(
        "conversations:under-escalation",
        _managers,
        object_scoped=True,
        kwargs=_under_escalation,
        notes="read-only, by an open escalation only, for the program's supervisors and admins",
    ),
    Route("conversations:list", roles(*TALKERS)),
    Route(
        "conversations:conversation", _in_own(*TALKERS), object_scoped=True, kwargs=_conversation_id
    ),
    Route(
        "conversations:send",
        _in_own(*TALKERS),
        method="POST",
        object_scoped=True,
        kwargs=_conversation_id,
        data=_send,
        ok=frozenset({302}),
    ),
    Route("conversations:message-edit", _in_own(*TALKERS), object_scoped=True, kwargs=_message),
    Route(
        "conversations:message-edit",
        _in_own(*TALKERS),
        method="POST",
        object_scoped=True,
        kwargs=_message,
        data=lambda w, v, o: {"body": "Said better."},
        ok=frozenset({302}),
    ),
    Route("conversations:message-delete", _in_own(*TALKERS), object_scoped=True, kwargs=_message),
    Route(
        "conversations:message-delete",
        _in_own(*TALKERS),
        method="POST",
        object_scoped=True,
        kwargs=_message,
        ok=frozenset({302}),
    ),
    Route("conversations:end", _in_own("supporter"), object_scoped=True, kwargs=_conversation_id),
    Route(
        "conversations:end",
        _in_own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_conversation_id,
        data=lambda w, v, o: {"closing_note": "Take good care."},
        ok=frozenset({302}),
    ),
    Route("conversations:leave", _in_own("member"), object_scoped=True, kwargs=_conversation_id),
    Route(
        "conversations:leave",
        _in_own("member"),
        method="POST",
        object_scoped=True,
        kwargs=_conversation_id,
        data=lambda w, v, o: {"wants_new_peer": "on"},
        ok=frozenset({302}),
    ),
    Route("conversations:held", roles("supervisor")),
    Route("conversations:program-settings", roles("admin")),
    Route(
        "conversations:program-settings",
        roles("admin"),
        method="POST",
        data=lambda w, v, o: {"boundary_policy": "hold"},
        ok=frozenset({302}),
    ),
    Route(
        "conversations:held-release",
        lambda viewer, whose: viewer == "supervisor" and whose in ("own", "other"),
        method="POST",
        object_scoped=True,
        kwargs=_held_message,
        ok=frozenset({302}),
        notes="any held message of the supervisor's own program",
    ),
    Route("conversations:notifications", signed_in),
    Route("conversations:notifications-read", signed_in, method="POST", ok=frozenset({302})),
    Route("conversations:notification-settings", signed_in),
    Route(
        "conversations:notification-settings",
        signed_in,
        method="POST",
        ok=frozenset({302}),
        data=lambda w, v, o: {
            "quiet_hours_on": "on",
            "quiet_from": "22:00",
            "quiet_until": "07:30",
        },
    ),
    Route("/api/conversations", roles(*TALKERS), is_api=True),
    Route(
        "/api/conversations/{conversation_id}/messages",
        _in_own(*TALKERS),
        is_api=True,
        object_scoped=True,
        kwargs=_conversation_id,
    ),
    Route(
        "/api/conversations/{conversation_id}/messages",
        _in_own(*TALKERS),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_conversation_id,
        data=_send,
    ),
]
