"""The middleware in front of every WebSocket consumer: cookies, the session, the signed-in person.

Channels' `AuthMiddlewareStack` does the same, but its session middleware wraps every frame the server
sends, to save the session and set its cookie on an HTTP response. A WebSocket frame can carry no cookie
and never triggers a save, so for each frame the wrapper only asks the session whether it changed: with
a thousand live connections that was 8 % of the server's time (py-spy, `alongside bench realtime`).
Here the session is resolved once, when the connection opens, and frames go straight out.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware
from django.conf import settings
from django.contrib import auth
from django.http.request import validate_host

ASGIApp = Any  # channels is untyped


class SessionMiddleware:
    """Put the connection's session (from its cookie) in `scope["session"]`."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner
        self.store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            raise ValueError("This session middleware serves WebSocket connections only.")
        key = scope["cookies"].get(settings.SESSION_COOKIE_NAME)  # CookieMiddleware parsed them
        return await self.inner(dict(scope, session=self.store(key)), receive, send)


class NotLookedUp:
    """`scope["user"]` until the consumer looks the person up (`person_of`)."""


NOT_LOOKED_UP = NotLookedUp()


def person_of(session: Any) -> Any:
    """The session's person (AnonymousUser if none), for the consumer to look up in the same trip to the
    database as its own access check (`live.consumers.LiveConsumer`): one trip per connect, not two.
    When every phone reconnects at once after a deploy, each trip is a wait on a busy server."""
    return _person(session)


def _person(session: Any) -> Any:
    # Django's own `get_user`: the session's person, if the session's password hash still matches.
    return auth.get_user(SimpleNamespace(session=session))  # type: ignore[arg-type]  # it reads .session


class UserMiddleware:
    """Mark `scope["user"]` as not looked up yet (`NOT_LOOKED_UP`): the consumer asks `person_of` once,
    at connect, beside its access check."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await self.inner(dict(scope, user=NOT_LOOKED_UP), receive, send)


def signed_in(inner: ASGIApp) -> ASGIApp:
    """`inner` with cookies, session and user in its scope, as `channels.auth.AuthMiddlewareStack`."""
    return CookieMiddleware(SessionMiddleware(UserMiddleware(inner)))


_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}


def _host_and_port(netloc: str, scheme: str) -> tuple[str, int | None] | None:
    try:
        parsed = urlsplit(f"//{netloc}")
        port = parsed.port
    except ValueError:  # a malformed port
        return None
    if not parsed.hostname:
        return None
    return parsed.hostname.lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


class SameOriginValidator:
    """Open a WebSocket only for a page of this very site: the Origin header must name the host and port
    the connection came to (its Host header), and that host must be allowed. Channels'
    `AllowedHostsOriginValidator` compares the host only, so a page on another port of the same host
    (another program on a shared server, say) could open a signed-in connection."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if self.is_same_origin(scope):
            return await self.inner(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)

    @staticmethod
    def is_same_origin(scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers", []))
        try:
            origin = urlsplit(headers.get(b"origin", b"").decode("latin1"))
            host_header = headers.get(b"host", b"").decode("latin1")
        except ValueError:
            return False
        if origin.scheme not in _DEFAULT_PORTS:
            return False
        ours = _host_and_port(host_header, origin.scheme)
        theirs = _host_and_port(origin.netloc, origin.scheme)
        return (
            ours is not None and ours == theirs and validate_host(ours[0], settings.ALLOWED_HOSTS)
        )
