"""The program settings page, filled by the apps: each registers its settings pages from its
`AppConfig.ready()`; an administrator finds them all on one page (`accounts:program-settings`).

    program_settings.register(program_settings.Page(
        title=_("Conversations"), url_name="conversations:program-settings", order=30,
        description=_("What happens when someone shares contact details ...")))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    """One settings page of a program."""

    title: Any  # lazily translated
    description: Any
    url_name: str
    order: int  # place on the page, lowest first
    # a permission ("app.codename") the administrator must also hold to open the page
    permission: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_pages: dict[str, Page] = {}


def register(*pages: Page) -> None:
    """Called by the app that owns the page, from its `AppConfig.ready()`."""
    for page in pages:
        _pages[page.url_name] = page


def pages() -> list[Page]:
    return sorted(_pages.values(), key=lambda page: (page.order, page.url_name))


def pages_for(user: Any) -> list[Page]:
    """The pages this administrator may open: a link is shown only where it leads somewhere."""
    return [page for page in pages() if not page.permission or user.has_perm(page.permission)]
