"""A cheaper end to a transactional test: empty only the tables that hold rows.

A test that needs the database committed (a live server, a WebSocket consumer on live threads) ends with
Django's `flush`, which empties every one of the project's ~130 tables: on PostgreSQL one TRUNCATE of
all of them, which makes new files for every table and index (0.4–0.7 s on a quiet machine, 4–5 s while
two test workers and Chromium share two cores); on SQLite a DELETE per table. A test writes to a handful
of tables, so here one query asks which hold rows and only those are emptied:

- PostgreSQL: `DELETE FROM` each (the foreign keys Django makes are deferred to the commit, so the order
  does not matter); a table whose triggers refuse DELETE (the access log is append-only) is truncated.
- SQLite: Django's own statements, for those tables only.

Content types and permissions are kept: they are the same for every test, and `post_migrate` (which
`flush` still sends) finds them in place instead of writing them all again.

Installed for the test run only (the root conftest); `manage.py flush` and `demo --reset` are unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

KEPT = frozenset({"django_content_type", "auth_permission"})

_djangos_sql_flush = flush.sql_flush


def _filled(connection: Any, tables: list[str]) -> list[str]:
    if not tables:
        return []
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608 (names from Django, quoted)
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query, tables)
        return [row[0] for row in cursor.fetchall()]


def _refusing_delete(connection: Any) -> set[str]:
    """Tables with a trigger of our own (PostgreSQL): the audit tables refuse UPDATE and DELETE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        return {row[0] for row in cursor.fetchall()}


def sql_flush(
    style: Any, connection: Any, reset_sequences: bool = True, allow_cascade: bool = False
) -> list[str]:
    if reset_sequences:  # not what a test's flush asks for: Django's way, unchanged
        return _djangos_sql_flush(
            style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in KEPT
    ]
    filled = _filled(connection, tables)
    if connection.vendor != "postgresql":
        return connection.ops.sql_flush(style, filled, allow_cascade=allow_cascade)
    quote = connection.ops.quote_name
    guarded = _refusing_delete(connection)
    statements = [
        f"DELETE FROM {quote(table)}"  # noqa: S608 (names from Django, quoted)
        for table in filled
        if table not in guarded
    ]
    if truncated := [table for table in filled if table in guarded]:
        statements.append(f"TRUNCATE {', '.join(quote(table) for table in truncated)}")
    return statements


def install() -> None:
    flush.sql_flush = sql_flush  # type: ignore[assignment]
