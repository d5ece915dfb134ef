"""Blocks between two people, asked for on moderation's pages and kept by the app that honours them.

Matching keeps each block (it never matches the two again, and conversations refuse their messages);
moderation, a lower layer, does not import it. Matching hands over its two services from its
`AppConfig.ready()`:

    blocks.register(blocks.Keeper(block=services.block, unblock=services.unblock))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alongside.accounts.models import User


@dataclass(frozen=True)
class Keeper:
    block: Callable[..., Any]  # block(*, blocker: User, blocked: User); Http404 across programs
    unblock: Callable[
        ..., bool
    ]  # unblock(*, blocker: User, blocked_id: int) -> whether there was one


_keeper: list[Keeper] = []


def register(keeper: Keeper) -> None:
    """The one keeper of blocks (the latest registered wins, so a reload does not stack them)."""
    _keeper[:] = [keeper]


def _the_keeper() -> Keeper:
    if not _keeper:
        raise LookupError("No app keeps blocks: matching registers its keeper in its ready()")
    return _keeper[0]


def block(*, blocker: User, blocked: User) -> None:
    _the_keeper().block(blocker=blocker, blocked=blocked)


def unblock(*, blocker: User, blocked_id: int) -> bool:
    return _the_keeper().unblock(blocker=blocker, blocked_id=blocked_id)
