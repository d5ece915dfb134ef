"""Tests that play someone who edits the log behind the app's back."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def tampering() -> Iterator[None]:
    """As a database superuser could: on PostgreSQL the append-only triggers are not fired for a while
    (SQLite has none). Anyone else, the server included, meets them."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
