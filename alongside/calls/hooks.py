"""What calls puts on pages other apps own (filled in `CallsConfig.ready()`): the two taps and a tel:
link on a member's page, for a supporter."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing

from . import selectors


def person_actions(request: HttpRequest, person: User) -> dict[str, Any] | None:
    """For a supporter on a member's page of their program: their number if shared, and the taps."""
    viewer = request.user
    if not isinstance(viewer, User) or viewer.pk == person.pk:
        return None
    found = standing(viewer)
    if not found.has(Role.SUPPORTER) or not standing(person).has(Role.MEMBER):
        return None
    current = selectors.open_call(viewer)
    return {
        "member": person,
        "number": selectors.number_for(viewer, person),
        "current": current,
        "left_open": current is not None and current.left_open(),
        "next": request.get_full_path(),
    }
