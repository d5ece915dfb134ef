"""Django's database sessions, with two changes: one for requests that overlap, one for a database that
is busy or away.

**Overlapping requests.** Every signed-in request slides the idle timeout, so every response saves the
session, and Django's store writes the whole session back as this request read it. Two requests at once
(a page and the staff alerts' background fetch, say) then lose each other's changes: a flash message
another request added disappears, and a session that the quick exit or sign-out ended meanwhile either
comes back or fails the page with "Bad Request". Here a request that changed nothing but the expiry
only moves the expiry (one UPDATE, never the data), and a session ended while the request ran stays
ended: nothing is written and the page is still answered.

**A busy database.** When loading a session fails (no pooled connection free in time, PostgreSQL out of
connections, SQLite locked), Django's store remembers nothing: the error page, and `SessionMiddleware` on
the way out, ask for the session again and fail a second time, so a 503 became a 500 after another full
wait. Here a failed load is remembered for the rest of the request: the session reads as empty, and it is
never saved, so the person's real session is not overwritten and they stay signed in for their next try.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError

logger = logging.getLogger(__name__)

EXPIRY_KEY = "_session_expiry"  # where Django keeps a session's own idle timeout


class SessionStore(db.SessionStore):
    unavailable = False  # set when loading failed in this request

    def load(self) -> dict[str, Any]:
        try:
            return super().load()
        except DatabaseError:
            self.unavailable = True
            self._session_cache: dict[str, Any] = {}  # later reads get this, not a second failure
            raise

    def set_expiry(self, value: Any) -> None:
        """Setting the timeout it already has is no change: the session middleware does it on every
        request, and it must not make the request's copy of the data the one that wins."""
        if not isinstance(value, datetime) and value is not None and self.get(EXPIRY_KEY) == value:
            return
        super().set_expiry(value)

    def save(self, must_create: bool = False) -> None:
        if self.unavailable:
            return  # what we hold is not the person's session: writing it would sign them out
        if not must_create and not self.modified and self.session_key is not None:
            # Only the expiry slides; another request may have changed the data since we read it.
            self.model.objects.filter(session_key=self.session_key).update(
                expire_date=self.get_expiry_date()
            )
            return  # no row: the session ended meanwhile and stays ended
        try:
            super().save(must_create=must_create)
        except UpdateError:
            # Ended while this request ran (the quick exit, sign-out in another tab): it stays ended,
            # and the page is still answered rather than failing with "Bad Request".
            logger.info("A session ended while a request that changed it was running")
