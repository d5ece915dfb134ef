"""What an on-duty supporter may do on the offers page besides taking the next person from the queue,
as a registry other apps fill from their `AppConfig.ready()` (calls: log a warm-line call in two taps);
matching imports none of them.

    on_duty.register(on_duty.Extra("calls/_on_duty.html", context, order=10))

`context(request)` returns the template's context, or None to show nothing. Keep it to a fixed, small
number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Extra:
    """One block beside the queue: a template, the context it needs, and its place."""

    template_name: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 50


@dataclass(frozen=True)
class Shown:
    template_name: str
    context: dict[str, Any]


_extras: dict[str, Extra] = {}


def register(extra: Extra) -> None:
    """Add a block (registering the same template again replaces it)."""
    _extras[extra.template_name] = extra


def extras_for(request: HttpRequest) -> list[Shown]:
    """The blocks `request.user` may use, in order."""
    shown = []
    for extra in sorted(_extras.values(), key=lambda e: (e.order, e.template_name)):
        context = extra.context(request)
        if context is not None:
            shown.append(Shown(extra.template_name, context))
    return shown
