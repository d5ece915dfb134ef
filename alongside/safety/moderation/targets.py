"""What can be reported or held: a registry of target kinds.

Each kind knows how to find one of its things for a person who may see it (`find`), and optionally how
to hide it (`hide`) and what to do when a held one is approved or rejected (`release`). People are
built in; conversations (messages), forums (posts) and group rooms register their own kinds from their
AppConfig.ready():

    targets.register("forum_post", TargetKind(label=_("a post"), find=..., hide=..., release=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alongside.accounts.selectors import access_person, standing

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


def _find_person(viewer: User, person_id: int) -> Target | None:
    """Someone active in the viewer's program: accounts decides who may be seen."""
    try:
        person = access_person(viewer, person_id, purpose="Opened a person to report or block")
    except Http404:
        return None
    program = standing(viewer).program
    assert program is not None  # noqa: S101  # access_person answers 404 to someone with none
    return Target(kind="person", id=person.pk, program_id=program.pk, author=person, excerpt="")


def register_builtin() -> None:
    register("person", TargetKind(label=_("a person"), find=_find_person))
