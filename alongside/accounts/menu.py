"""The main menu, filled by the apps: each registers its links, and who sees them, from its
`AppConfig.ready()`; the page shell (`templates/base.html`) draws what the person may see.

    menu.register(menu.Item(label=_("Forums"), url_name="forums:boards", order=70,
                             roles={Role.MEMBER, Role.SUPPORTER}, current=("forums:",)))

The menu reads only the person's standing (already read once per request): it adds no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .choices import Role
from .selectors import Standing


@dataclass(frozen=True)
class Item:
    """One link of the menu."""

    label: Any  # lazily translated
    url_name: str
    order: int  # place in the menu, lowest first
    roles: frozenset[Role] = frozenset()  # who sees it (any of these); empty: everyone signed in
    needs_program: bool = False  # shown only to someone in a program
    current: tuple[str, ...] = ()  # view names ("app:name") or whole apps ("app:") it stands for
    slot: str = ""  # of the items in one slot, only the first (by order) the person may see shows
    badge: str = ""  # a template drawn inside the link (a count)
    bar: bool = False  # in the top bar beside the name, not in the menu list

    def is_for(self, found: Standing) -> bool:
        if self.needs_program and found.program is None:
            return False
        return not self.roles or bool(self.roles & found.roles)


@dataclass(frozen=True)
class Link:
    """An item as one person's page shows it."""

    label: Any
    url: str
    is_current: bool
    badge: str = ""


_items: dict[str, Item] = {}


def register(*items: Item) -> None:
    """Called by the app that owns the pages, from its `AppConfig.ready()`."""
    for item in items:
        _items[f"{item.url_name}/{item.slot}"] = item


def items() -> list[Item]:
    return sorted(_items.values(), key=lambda item: (item.order, item.url_name))


def links_for(
    found: Standing, *, view_name: str = "", app_name: str = "", bar: bool = False
) -> list[Link]:
    """The links this person sees, in order, with the one for the page they are on marked."""
    shown: list[Link] = []
    taken: set[str] = set()
    for item in _visible(items(), found, taken):
        if item.bar != bar:
            continue
        is_current = view_name in item.current or f"{app_name}:" in item.current
        shown.append(Link(item.label, reverse(item.url_name), is_current, item.badge))
    return shown


def _visible(candidates: Iterable[Item], found: Standing, taken: set[str]) -> Iterable[Item]:
    for item in candidates:
        if not item.is_for(found) or (item.slot and item.slot in taken):
            continue
        if item.slot:
            taken.add(item.slot)
        yield item
