"""What the page shell needs on every page: who is here, which program, and their display choices."""

from typing import Any

from django.http import HttpRequest

from . import menu
from .choices import Role
from .selectors import standing


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    found = standing(user)
    profile = getattr(user, "profile", None) if found.program else None
    match = getattr(request, "resolver_match", None)
    view_name, app_name = (match.view_name, match.app_name) if match else ("", "")
    # The apps' links this person may see (registered in each app's AppConfig.ready()): no query.
    links, bar_links = [], []
    if getattr(user, "is_authenticated", False):
        links = menu.links_for(found, view_name=view_name, app_name=app_name)
        bar_links = menu.links_for(found, view_name=view_name, app_name=app_name, bar=True)
    return {
        "menu": links,
        "bar_menu": bar_links,
        "standing": found,
        "program": found.program,
        # People in several programs get a switch between them (`accounts/_program_switch.html`).
        "program_choices": found.programs if len(found.programs) > 1 else (),
        # Quick exit shows for members and for anyone not signed in (someone may be about to sign up).
        "shows_quick_exit": found.has(Role.MEMBER) or not found.roles,
        "larger_text": bool(profile and profile.larger_text),
        "reduced_motion": bool(profile and profile.reduced_motion),
        "Role": Role,
    }
