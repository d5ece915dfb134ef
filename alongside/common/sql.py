"""Plain SQL for the few reads and writes on the real-time send path.

Building a query through the ORM costs about ten times more CPU than running it: on a 2-core box a
one-row `filter(...).exists()` spends ~350 µs in Python and ~30 µs in the database. The send path makes a
dozen such calls per message, a hundred messages a second (`alongside bench realtime`), so there the
statements are written out once, at import, with table and column names taken from the models (a
rename follows) and run through Django's cursor (same connection, same transaction, same query log).
Everywhere else the ORM is the right tool; a statement here should say which ORM query it stands for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

Query = tuple[str, list[Any]]  # a statement and its parameters


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)  # type: ignore[union-attr,arg-type]


def ref(model: type[Model], field: str) -> str:
    """A column named with its table, for statements that join."""
    return f"{table(model)}.{column(model, field)}"


def when(value: datetime | None) -> Any:
    """A datetime as the database takes it as a parameter (SQLite stores naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def datetime_of(value: Any) -> datetime | None:
    """A datetime column's value as a plain statement returned it (SQLite returns text)."""
    if value is None or isinstance(value, datetime):
        return value
    convert = connection.ops.convert_datetimefield_value  # type: ignore[attr-defined]  # SQLite's own
    return convert(value, None, connection)  # type: ignore[no-any-return]


def one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    return send(sql, params).one()


def row(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    """The one row a statement always returns (a SELECT of subqueries, an UPDATE … RETURNING that must
    match)."""
    found = one(sql, params)
    if found is None:
        raise LookupError("the statement returned no row")
    return found


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    return send(sql, params).rows()


def run(sql: str, params: Sequence[Any]) -> int:
    """A write; how many rows it touched."""
    return send(sql, params).count()


def insert(instance: Model) -> int:
    """INSERT one model instance (every concrete field but an auto primary key), set and return its pk:
    what `instance.save()` does for a new row, without building the query each time. No signals."""
    model = type(instance)
    pk_field = model._meta.pk
    assert pk_field is not None and pk_field.column is not None  # noqa: S101 (every model has one)
    if connection.features.can_return_columns_from_insert:
        return inserted(instance, row(*inserting(instance))[0])
    sql, params = _insert_of(instance)
    with _cursor() as cursor:
        cursor.execute(sql, params)
        pk = connection.ops.last_insert_id(cursor, model._meta.db_table, pk_field.column)
    return inserted(instance, pk)


def inserting(instance: Model) -> Query:
    """`insert`'s statement, returning the new primary key, for a caller that runs it itself (on
    PostgreSQL, which can return it); then `inserted(instance, pk)`."""
    pk_field = type(instance)._meta.pk
    assert pk_field is not None and pk_field.column is not None  # noqa: S101 (every model has one)
    sql, params = _insert_of(instance)
    return f"{sql} RETURNING {connection.ops.quote_name(pk_field.column)}", params


def inserted(instance: Model, pk: Any) -> int:
    """`instance` is stored now, as `pk`."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
    return int(pk)


def _insert_of(instance: Model) -> Query:
    sql, fields = _inserts.get(type(instance)) or _insert_statement(type(instance))
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    return sql, params


_inserts: dict[type[Model], tuple[str, list[Any]]] = {}


def _insert_statement(model: type[Model]) -> tuple[str, list[Any]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    _inserts[model] = (f"INSERT INTO {table(model)} ({names}) VALUES ({marks})", fields)  # noqa: S608 (model names)
    return _inserts[model]


@contextmanager
def batch() -> Iterator[None]:
    """Statements `sent` inside go to the database together and are answered together: on PostgreSQL
    through psycopg's pipeline mode, so five statements cost one round trip instead of five; elsewhere
    (SQLite, in-process) one after another, as usual. Read the answers after the block."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


class Pending:
    """A statement sent (perhaps in a `batch`) whose answer is read later, once."""

    def __init__(self, sql: str, params: Sequence[Any]) -> None:
        self.cursor = _cursor()
        self.cursor.execute(sql, params)

    def rows(self) -> list[tuple[Any, ...]]:
        with connection.wrap_database_errors:
            try:
                return self.cursor.fetchall()  # type: ignore[no-any-return]
            finally:
                self.cursor.close()

    def one(self) -> tuple[Any, ...] | None:
        found = self.rows()
        return found[0] if found else None

    def count(self) -> int:
        """For a write: how many rows it touched."""
        with connection.wrap_database_errors:
            try:
                return self.cursor.rowcount  # type: ignore[no-any-return]
            finally:
                self.cursor.close()


def send(sql: str, params: Sequence[Any]) -> Pending:
    return Pending(sql, params)


def _cursor() -> Any:
    """Django's cursor (logged like any other); on PostgreSQL one that binds parameters on the server,
    so that psycopg prepares each statement after a few uses and the database plans it once, not for
    every message. (The app's other queries keep Django's default, client-side binding.)"""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg  # only installed where PostgreSQL is used

    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))  # type: ignore[attr-defined]


# --- whole rows as model instances ------------------------------------------------------------------


def columns(model: type[Model]) -> str:
    """Every concrete column of `model`, named with its table, in field order: the select list that
    `instance` reads back. (What `select_related` asks for one model.)"""
    return ", ".join(ref(model, field.name) for field in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many values of a row `columns(model)` takes."""
    return len(model._meta.concrete_fields)


def instance(model: type[Model], values: Sequence[Any], start: int = 0, *, db: Any = None) -> Any:
    """The `model` instance that the ORM would build from `values[start:start + width(model)]`, as a
    row of `columns(model)`: each value through the same converters (SQLite's text datetimes, booleans
    and UUIDs), then what `Model.from_db` does. `db`: Django's connection, looked up once by a caller
    that builds many (`connection` is a proxy that finds the thread's own on every use)."""
    db = db if db is not None else connections[DEFAULT_DB_ALIAS]
    converted = []
    for offset, (field, steps) in enumerate(_converters(model, db)):
        value = values[start + offset]
        for step in steps:
            value = step(value, field, db)
        converted.append(value)
    if not _plain(model):
        return model.from_db(db.alias, _names(model), converted)
    # `from_db` without `Model.__init__`'s generic work: the same attributes, the same state.
    new = model.__new__(model)
    new.__dict__.update(zip(_names(model), converted, strict=True))
    new._state = ModelState()
    new._state.adding = False
    new._state.db = db.alias
    return new


@cache
def _plain(model: type[Model]) -> bool:
    """True when `Model.__init__` would only set each field's value: the model does not override it,
    nothing listens for its init signals, and no field's attribute does work when set (a foreign key's
    id only forgets a cached object, which a new instance does not have)."""
    return (
        model.__init__ is Model.__init__
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
        and all(
            not hasattr(type(model.__dict__.get(field.attname)), "__set__")
            or isinstance(model.__dict__.get(field.attname), ForeignKeyDeferredAttribute)
            for field in model._meta.concrete_fields
        )
    )


_converting: dict[tuple[type[Model], str], list[tuple[Any, list[Any]]]] = {}


@cache
def _names(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _converters(model: type[Model], db: Any) -> list[tuple[Any, list[Any]]]:
    key = (model, db.vendor)
    found = _converting.get(key)
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            steps = db.ops.get_db_converters(col) + field.get_db_converters(db)
            found.append((col, steps))
        _converting[key] = found
    return found
