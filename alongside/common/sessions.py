"""Django's database sessions, with one change for a database that is busy or away.

When loading a session fails (no pooled connection free in time, PostgreSQL out of connections, SQLite
locked), Django's store remembers nothing: the error page, and `SessionMiddleware` on the way out, ask
for the session again and fail a second time, so a 503 became a 500 after another full wait. Here a
failed load is remembered for the rest of the request: the session reads as empty, and it is never
saved, so the person's real session is not overwritten and they stay signed in for their next try.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import DatabaseError


class SessionStore(db.SessionStore):
    unavailable = False  # set when loading failed in this request

    def load(self) -> dict[str, Any]:
        try:
            return super().load()
        except DatabaseError:
            self.unavailable = True
            self._session_cache: dict[str, Any] = {}  # later reads get this, not a second failure
            raise

    def save(self, must_create: bool = False) -> None:
        if self.unavailable:
            return  # what we hold is not the person's session: writing it would sign them out
        super().save(must_create=must_create)
