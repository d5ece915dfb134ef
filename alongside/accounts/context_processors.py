"""What the page shell needs on every page: who is here, which program, and their display choices."""

from typing import Any

from django.http import HttpRequest

from .choices import Role
from .selectors import standing


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    found = standing(user)
    profile = getattr(user, "profile", None) if found.program else None
    return {
        "standing": found,
        "program": found.program,
        # Quick exit shows for members and for anyone not signed in (someone may be about to sign up).
        "shows_quick_exit": found.has(Role.MEMBER) or not found.roles,
        "larger_text": bool(profile and profile.larger_text),
        "reduced_motion": bool(profile and profile.reduced_motion),
        "Role": Role,
    }
