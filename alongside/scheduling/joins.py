"""How to join a session, as a registry: a higher app (calls) registers a function that, given a
session, returns a (label, url) pair for its "Join" button, or None when it has nothing for that
session. The first answer wins; the supporter's external meeting link is the fallback.

    joins.register(lambda session: (_("Join the video call"), url) if ... else None)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Session

Join = tuple[Any, str]  # (label, url)
Finder = Callable[["Session"], Join | None]

_finders: list[Finder] = []


def register(fn: Finder) -> None:
    """Add a way to join (from an `AppConfig.ready()`); registering the same function again is a no-op."""
    if fn not in _finders:
        _finders.append(fn)


def join_for(session: Session) -> Join | None:
    """The "Join" button of an open session: the first registered answer, else its meeting link."""
    if not session.is_open:
        return None
    for finder in _finders:
        found = finder(session)
        if found is not None:
            return found
    if session.meeting_link:
        return (_("Join by the meeting link"), session.meeting_link)
    return None
