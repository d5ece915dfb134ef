"""Where a group meeting's facilitators open the room an escalation came from: the meeting's page,
where they come into the room (safety's `sources.register_link`, from GroupsConfig.ready())."""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.safety.models import Escalation

from .models import Meeting


def meeting_of_room(escalation: Escalation, viewer: User) -> str:
    """The meeting's page for one of its group's facilitators ("" for anyone else, or another room).
    One query."""
    meeting = (
        Meeting.objects.filter(room_id=escalation.source_id, group__facilitators=viewer)
        .only("pk")
        .first()
    )
    return meeting.get_absolute_url() if meeting else ""
