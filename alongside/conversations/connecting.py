"""What a live connection reads when it opens: the access check and where the connection starts, in as
few statements as the answer allows (a reconnect storm after a deploy opens a thousand at once).

`access_live` answers exactly as `selectors.access_conversation` (the same conversation with its people
loaded, the same 404 for a missing and a forbidden conversation, the same audit of a read by someone
other than the member), in one statement instead of two: the conversation's seats, each joined to its
person and to the conversation and its program. The same rows carry the conversation's newest seq, its
state and everyone's read cursor, which is all a connecting socket needs besides the messages it missed.
"""

from __future__ import annotations

from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.audit.services import record_access

from . import realtime
from .models import Conversation, Participant

_PEOPLE = Participant._meta.get_field("conversation").remote_field.cache_name


def access_live(
    viewer: User, conversation_id: int, *, purpose: str = "Opened a conversation"
) -> Conversation:
    """`selectors.access_conversation` in one statement: the conversation if `viewer` takes part in it,
    with its seats and their people loaded (`conversation.participants.all()` asks nothing more); else
    Http404. A read by someone other than the member is audited, as there."""
    seats = list(
        Participant.objects.select_related("user", "conversation", "conversation__program")
        .filter(conversation_id=conversation_id)
        .order_by("pk")
    )
    own = next((seat for seat in seats if seat.user_id == viewer.pk), None)
    if own is None or not viewer.is_active:
        raise Http404
    conversation = own.conversation
    for seat in seats:
        seat.conversation = conversation  # one object, as a prefetch gives
    people = conversation.participants.all()
    people._result_cache = seats  # what `prefetch_related` stores: no second statement
    people._prefetch_done = True  # type: ignore[attr-defined]  # Django's own, unannotated
    conversation._prefetched_objects_cache = {_PEOPLE: people}  # type: ignore[attr-defined]
    if own.role != Role.MEMBER:  # a supporter reading a member's words is a read of their record
        members = [seat.user for seat in seats if seat.role == Role.MEMBER]
        record_access(
            viewer=viewer,
            record=conversation,
            subject=members[0] if len(members) == 1 else None,
            purpose=purpose,
            program_id=conversation.program_id,
        )
    return conversation


def cursors_and_state(conversation: Conversation, user_id: int) -> list[realtime.Payload]:
    """The others' read cursors and the conversation's state, as `access_live` read them: what a resumed
    connection is told after its replay."""
    others = [seat for seat in conversation.participants.all() if seat.user_id != user_id]
    return [*realtime.read_cursors(others), realtime.state_event(conversation)]
