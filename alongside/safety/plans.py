"""A person's own plans, as safety's pages show them: whether the writer has a safety plan (the crisis
panel offers it) and which plans a supervisor or supporter may open beside an escalation.

Care plans keeps the plans; safety, a lower layer, does not import it. Care plans hands over its two
readers from its `AppConfig.ready()`:

    plans.register(plans.Keeper(has_safety_plan=..., shared_with=...))

Without a keeper nobody has a plan to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Value

from alongside.accounts.models import User


@dataclass(frozen=True)
class Keeper:
    # An expression (Exists) true when `member` has a safety plan, for safety to annotate in its query.
    has_safety_plan: Callable[[User], Any]
    # The member's plans `viewer` may open now (their consent; the look audited); [] for none.
    shared_with: Callable[[User, int], list[Any]]


_keeper: list[Keeper] = []


def register(keeper: Keeper) -> None:
    """The one keeper of plans (the latest registered wins, so a reload does not stack them)."""
    _keeper[:] = [keeper]


def has_safety_plan(member: User) -> Any:
    if not _keeper:
        return Value(False, output_field=BooleanField())
    return _keeper[0].has_safety_plan(member)


def shared_with(viewer: User, member_id: int) -> list[Any]:
    return _keeper[0].shared_with(viewer, member_id) if _keeper else []
