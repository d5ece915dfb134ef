"""Actions on a person's page that other apps own (calls: "Call started", a tel: link), as a registry
each app fills from its `AppConfig.ready()`; accounts never imports them.

    person_actions.register(person_actions.Action("calls/_person_actions.html", context, order=10))

`context(request, person)` returns the template's context, or None to show nothing (the viewer may not
use the action on this person). It should cost a fixed, small number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import User


@dataclass(frozen=True)
class Action:
    """One block of actions on the person page: a template and the context it needs, in `order`."""

    template_name: str
    context: Callable[[HttpRequest, User], dict[str, Any] | None]
    order: int = 50


@dataclass(frozen=True)
class Shown:
    template_name: str
    context: dict[str, Any]


_actions: dict[str, Action] = {}


def register(action: Action) -> None:
    """Add an action (registering the same template again replaces it)."""
    _actions[action.template_name] = action


def actions_for(request: HttpRequest, person: User) -> list[Shown]:
    """The actions `request.user` may use on `person`, in order."""
    shown = []
    for action in sorted(_actions.values(), key=lambda a: (a.order, a.template_name)):
        context = action.context(request, person)
        if context is not None:
            shown.append(Shown(action.template_name, context))
    return shown
