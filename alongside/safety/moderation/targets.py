"""What can be reported or held: a registry of target kinds.

Each kind knows how to find one of its things for a person who may see it (`find`), and optionally how
to hide it (`hide`) and what to do when a held one is approved or rejected (`release`). Conversations'
messages and people are built in; forums and group rooms register their own kinds from their
AppConfig.ready():

    targets.register("forum_post", TargetKind(label=_("a post"), find=..., hide=..., release=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from .models import EXCERPT

if TYPE_CHECKING:
    from alongside.accounts.models import User


@dataclass(frozen=True)
class Target:
    """One reportable thing as moderation sees it."""

    kind: str
    id: int
    program_id: int
    author: User | None  # whose words, or the person reported
    excerpt: str
    url: str = ""  # where the reporter found it


@dataclass(frozen=True)
class TargetKind:
    label: Any  # "a message", lazily translated
    find: Callable[[User, int], Target | None]  # None unless the viewer may see it
    hide: Callable[[int, bool, str], None] | None = None  # (id, hidden, reason)
    release: Callable[[int, bool], None] | None = None  # (id, approved) for held content


_KINDS: dict[str, TargetKind] = {}


def register(name: str, kind: TargetKind) -> None:
    _KINDS[name] = kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kind_of(name: str) -> TargetKind | None:
    return _KINDS.get(name)


def kinds() -> list[str]:
    return sorted(_KINDS)


# --- built in ----------------------------------------------------------------------------------------


def _find_message(viewer: User, message_id: int) -> Target | None:
    """A conversation message the viewer can read (they take part in its conversation)."""
    from alongside.conversations.models import Message, MessageKind

    message = (
        Message.objects.select_related("sender", "conversation")
        .filter(
            pk=message_id,
            conversation__participants__user=viewer,
            kind__in=[MessageKind.TEXT, MessageKind.CLOSING],
        )
        .first()
    )
    if message is None:
        return None
    return Target(
        kind="message",
        id=message.pk,
        program_id=message.conversation.program_id,
        author=message.sender,
        excerpt=message.body[:EXCERPT],
        url=f"{message.conversation.get_absolute_url()}#m-{message.seq}",
    )


def _hide_message(message_id: int, hidden: bool, reason: str) -> None:
    from alongside.conversations.services import set_message_hidden

    set_message_hidden(message_id=message_id, hidden=hidden, reason=reason)


def _find_person(viewer: User, person_id: int) -> Target | None:
    """Someone active in the viewer's program."""
    from alongside.accounts.models import User
    from alongside.accounts.selectors import standing

    program = standing(viewer).program
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if program is None or person is None or standing(person).program != program:
        return None
    return Target(kind="person", id=person.pk, program_id=program.pk, author=person, excerpt="")


def register_builtin() -> None:
    register("message", TargetKind(label=_("a message"), find=_find_message, hide=_hide_message))
    register("person", TargetKind(label=_("a person"), find=_find_person))
