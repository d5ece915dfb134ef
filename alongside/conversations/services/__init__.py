"""Every change to conversations: start, send, read, edit, delete, end, leave, and notifying people away.

One module per job; import from here (`services.send_message`), which stays the same when a job moves:
- `opening`: start a conversation, open a room, join it, be removed from it;
- `sending`: `send_message` and, on the event loop, `asend_message`, with the statements they share
  (`statements`) and what a send learns under the lock and the refusal rules read from it (`refusing`);
- `boundaries`: the boundary guard's warning, the program's policy, releasing a held message;
- `editing`: edit, delete, a moderator hiding a message;
- `reading`: read cursors and notifications read;
- `closing`: a supporter ends a conversation, a member leaves;
- `notifying`: in-app notifications for people away, and the email after.
"""

# Safety's check: `sending` and `editing` look it up here at each call, so that replacing it here (as
# tests do) reaches every path.
from alongside.safety import assess

from .boundaries import (
    BoundaryWarning,
    boundary_policy,
    release_held_message,
    save_program_settings,
)
from .closing import end_conversation, leave_conversation
from .editing import delete_message, edit_message, set_message_hidden
from .notifying import EMAIL_DELAY, email_notification
from .opening import join_room, open_room, remove_from_room, start_conversation
from .reading import mark_notifications_read, mark_read
from .refusing import Refusal, SignedOut, _alock_for_sending, refusals
from .sending import Sent, asend_message, send_message
from .statements import CONTEXT_MESSAGES, CONTEXT_SPAN, CONTEXT_WINDOW

__all__ = [
    "CONTEXT_MESSAGES",
    "CONTEXT_SPAN",
    "CONTEXT_WINDOW",
    "EMAIL_DELAY",
    "BoundaryWarning",
    "Refusal",
    "Sent",
    "SignedOut",
    "_alock_for_sending",  # test_refusals asks the loop path's first round trip directly
    "asend_message",
    "assess",
    "boundary_policy",
    "delete_message",
    "edit_message",
    "email_notification",
    "end_conversation",
    "join_room",
    "leave_conversation",
    "mark_notifications_read",
    "mark_read",
    "open_room",
    "refusals",
    "release_held_message",
    "remove_from_room",
    "save_program_settings",
    "send_message",
    "set_message_hidden",
    "start_conversation",
]
