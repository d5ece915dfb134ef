"""Session rules that depend on who is signed in: the program the request is about, idle timeouts,
two-step sign-in for staff, no caching."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import two_factor
from .choices import SHORT_SESSION_ROLES, TWO_FACTOR_ROLES
from .selectors import pin_from_session, time_zone_of
from .two_factor import confirmed_device

# Paths a staff member may reach before giving a two-step code: the code pages themselves and the way out.
_OPEN_PREFIXES = (
    "/account/two-factor/",
    "/account/sign-out/",
    "/account/quick-exit/",
    "/static/",
    "/healthz",
    "/i18n/",
    "/api/",
)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.program = None  # type: ignore[attr-defined]
        if not user.is_authenticated:
            response = self.get_response(request)
            # Not from the cache either (the sign-in page after a quick exit, say): see shell.js.
            response.headers.setdefault("Cache-Control", "no-store")
            return response
        # The program this request is about: the one the person chose (remembered in the session), else
        # their first. Every later `standing(user)` in the request answers for it.
        found = pin_from_session(user, request.session)
        program = found.program
        request.program = program  # type: ignore[attr-defined]
        if found.roles & SHORT_SESSION_ROLES:
            minutes = program.staff_idle_minutes if program else None
            request.session.set_expiry(minutes * 60 if minutes else settings.STAFF_IDLE_TIMEOUT)
        else:
            minutes = program.member_idle_minutes if program else None
            request.session.set_expiry(minutes * 60 if minutes else settings.MEMBER_IDLE_TIMEOUT)
        if (
            found.held_anywhere & TWO_FACTOR_ROLES  # the account's, whichever program is chosen
            and not two_factor.is_verified(user)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            target = (
                "accounts:two-factor-verify"
                if confirmed_device(user)
                else "accounts:two-factor-setup"
            )
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        timezone.activate(time_zone_of(user))  # times on every page in the person's own zone
        response = self.get_response(request)
        # A signed-in page must not come back from the browser's cache after sign-out or quick exit.
        response.headers.setdefault("Cache-Control", "no-store")
        return response
