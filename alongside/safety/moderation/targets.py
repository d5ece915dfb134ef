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
    """A conversation message whose words the viewer can read: conversations decides who may."""
    from django.http import Http404

    from alongside.conversations.selectors import access_message

    try:
        message = access_message(viewer, message_id, purpose="Opened a message to report it")
    except Http404:
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
    """Someone active in the viewer's program: accounts decides who may be seen."""
    from django.http import Http404

    from alongside.accounts.selectors import access_person, standing

    try:
        person = access_person(viewer, person_id, purpose="Opened a person to report or block")
    except Http404:
        return None
    program = standing(viewer).program
    assert program is not None  # noqa: S101  # access_person answers 404 to someone with none
    return Target(kind="person", id=person.pk, program_id=program.pk, author=person, excerpt="")


def register_builtin() -> None:
    register("message", TargetKind(label=_("a message"), find=_find_message, hide=_hide_message))
    register("person", TargetKind(label=_("a person"), find=_find_person))
