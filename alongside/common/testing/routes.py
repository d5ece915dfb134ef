"""The authorization registry: every URL and API route, and who may use it.

Each app lists its routes in `<app>/tests/routes.py` as `ROUTES`; `all_routes()` gathers them. The matrix
test walks every route × every role × own / other / foreign object; a completeness test fails when a URL
or API operation exists that no app has listed. Browser tests run axe-core on every GET page listed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

ANONYMOUS = "anonymous"
ROLES = ("member", "supporter", "supervisor", "clinician", "admin")
VIEWERS = (ANONYMOUS, *ROLES)
# "own": the viewer's own object; "other": someone else's in the same program; "foreign": another program's.
WHOSE = ("own", "other", "foreign")


@dataclass(frozen=True)
class Route:
    """One route and its rule. `allow(viewer, whose)` says who may; `whose` is None for routes with no
    object. `kwargs(world, viewer, whose)` builds the URL arguments; `data(world, viewer, whose)` a body."""

    name: str  # a URL name such as "accounts:person", or an API path such as "/api/me"
    allow: Callable[[str, str | None], bool]
    method: str = "GET"
    object_scoped: bool = False
    kwargs: Callable[[Any, str, str | None], dict[str, Any]] = lambda world, viewer, whose: {}
    data: Callable[[Any, str, str | None], dict[str, Any]] | None = None
    ok: frozenset[int] = frozenset({200})
    is_api: bool = False
    check_axe: bool = True  # GET pages only
    notes: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"{self.method} {self.name}"


def anyone(viewer: str, whose: str | None) -> bool:
    return True


def signed_in(viewer: str, whose: str | None) -> bool:
    return viewer != ANONYMOUS


def roles(*allowed: str) -> Callable[[str, str | None], bool]:
    def rule(viewer: str, whose: str | None) -> bool:
        return viewer in allowed

    return rule


def own(*allowed: str) -> Callable[[str, str | None], bool]:
    """Those roles, for their own object only."""

    def rule(viewer: str, whose: str | None) -> bool:
        return viewer in allowed and whose == "own"

    return rule


def in_program(*allowed: str) -> Callable[[str, str | None], bool]:
    """Those roles, for an object of their own program (theirs or someone else's there), never for
    another program's."""

    def rule(viewer: str, whose: str | None) -> bool:
        return viewer in allowed and whose in ("own", "other")

    return rule


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("alongside."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        routes.extend(module.ROUTES)
    return routes


def cases() -> list[tuple[Route, str, str | None]]:
    """Every (route, viewer, whose) the matrix checks."""
    found = []
    for route in all_routes():
        for viewer in VIEWERS:
            for whose in WHOSE if route.object_scoped else (None,):
                found.append((route, viewer, whose))
    return found
