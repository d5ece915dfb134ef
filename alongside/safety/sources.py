"""What raised an escalation, as its page shows it: the words (a message, a post, a check-in note, a
questionnaire answer) and the few messages before them, and where they were written.

Safety sits below the apps that own those words, so each app registers a reader for its source kinds
in its `AppConfig.ready()` (conversations for messages and rooms, forums for posts, outcomes for
check-ins and questionnaires), and may register a link to the place, as one viewer may open it. The
escalation page asks `trigger_of(escalation)` and `link_of(escalation, viewer)`; the reader loads the
words and nothing else. Who may read them is decided before, by `selectors.access_escalation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alongside.accounts.models import User

    from .models import Escalation


@dataclass(frozen=True)
class Line:
    """One message before the words that raised the escalation."""

    author: str
    words: str
    at: datetime
    by_the_person: bool  # written by the person the escalation is about
    item: int | None = None  # its place in the source (a message's seq), for labelling it


@dataclass(frozen=True)
class Trigger:
    """The words that raised an escalation, where they were written, and what the assessment said.
    `label_kind`/`label_id` name what a staff member's "not a crisis" / "missed" label points at
    (a message, a check-in, a response); `context` is the writer's few messages just before."""

    words: str
    at: datetime | None
    label_kind: str
    label_id: int
    assessed_level: str = ""
    model_version: str = ""
    before: list[Line] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    changed_after: bool = False  # edited or deleted by its writer since


# reader(escalation, item): `item` names another message of the same source (a conversation's seq)
# when staff label one of the messages before; None means the one that raised it.
Reader = Callable[["Escalation", int | None], Trigger | None]
# link(escalation, viewer): where `viewer` can open the words ("" when they cannot).
Link = Callable[["Escalation", "User"], str]
_readers: dict[str, Reader] = {}
_links: dict[str, Link] = {}


def register(kind: str, reader: Reader, *, link: Link | None = None) -> None:
    """Called by the app that owns a source kind, from its `AppConfig.ready()`."""
    _readers[str(kind)] = reader
    if link is not None:
        _links[str(kind)] = link


def register_link(kind: str, link: Link) -> None:
    """A link for a kind another app reads: a group meeting's page, where its facilitators come into
    the room (groups), for rooms conversations read."""
    _links[str(kind)] = link


def kinds() -> list[str]:
    """Every source kind some app reads."""
    return sorted(_readers)


def trigger_of(escalation: Escalation, item: int | None = None) -> Trigger | None:
    """The words behind an escalation, or None when no app reads its kind (or they are gone)."""
    reader = _readers.get(escalation.source_kind)
    return reader(escalation, item) if reader is not None else None


def link_of(escalation: Escalation, viewer: User) -> str:
    """Where `viewer` can open what raised the escalation, or "" (no link registered, or none for them)."""
    link = _links.get(escalation.source_kind)
    return link(escalation, viewer) if link is not None else ""
