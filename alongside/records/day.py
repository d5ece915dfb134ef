"""The supporter's day page, as a registry: each app that has something for a supporter's day adds a
section from its `AppConfig.ready()` (scheduling adds "Today's sessions"; records adds the notes left to
write, the notes returned by a supervisor, and open escalations). The page (`records:day`) renders each
section's template with the context its function returns, in `order`.

    day.register(day.Section(_("Today's sessions"), "scheduling/_day_sessions.html", context, order=10))

A context function takes the request and returns a dict for its template; it should read through the
owning app's selectors in a fixed number of queries, whatever the supporter's data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    """One block of the day page: a heading, a template, the context it needs, and its place."""

    title: str | Promise
    template_name: str
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 50


_sections: dict[str, Section] = {}


def register(*sections: Section) -> None:
    """Add sections (called from an `AppConfig.ready()`); registering the same template again replaces
    it, so a reloaded app never shows a section twice."""
    for section in sections:
        _sections[section.template_name] = section


def sections() -> list[Section]:
    """Every registered section, in order (then by template name, so the order is stable)."""
    return sorted(_sections.values(), key=lambda s: (s.order, s.template_name))
