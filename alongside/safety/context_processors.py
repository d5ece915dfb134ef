"""What the page shell shows about safety for staff: their unread crisis alerts (on every page, so an
alert that could not arrive live is there on the next page load, with no JavaScript needed) and, for
supervisors and administrators, the number of open escalations beside "Safety" in the menu.

Nothing is read until a template asks: a member's page runs no query for this."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import Standing, standing

from . import selectors


class SafetyShell:
    """One person's safety alerts, read once per page when first asked for."""

    def __init__(self, user: User | None, found: Standing) -> None:
        self.user = user
        self.program = found.program
        has_program = found.program is not None and user is not None
        self.is_manager = has_program and found.has(*selectors.MANAGER_ROLES)
        self.is_staff = self.is_manager or (has_program and found.has(Role.SUPPORTER))

    @cached_property
    def alerts(self) -> list[selectors.ShellAlert]:
        if not self.is_staff or self.user is None:
            return []
        return selectors.shell_alerts(self.user)

    @cached_property
    def open_count(self) -> int:
        if not self.is_manager or self.program is None:
            return 0
        return selectors.open_count(self.program)


def shell_for(user: Any) -> SafetyShell:
    found = standing(user)
    return SafetyShell(user if found.program is not None else None, found)


def safety(request: HttpRequest) -> dict[str, Any]:
    return {"safety_shell": shell_for(getattr(request, "user", None))}
