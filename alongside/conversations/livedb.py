"""Where the WebSocket consumers' database work runs: a few long-lived threads that keep their connections.

Channels' `database_sync_to_async` runs every call in one shared thread and closes the connection around
it when CONN_MAX_AGE is 0 (the settings choose 0 because each HTTP request under ASGI gets a thread of
its own). For a live connection that is a new database connection for every frame, which measured more
than storing the message itself (`alongside bench realtime`, docs/benchmarks.md). So consumers use
`live_db` instead:

- SQLite has one writer at a time anyway: one thread, one connection.
- PostgreSQL waits on the network and on each commit's flush: several threads, one connection each, so
  messages in different conversations are stored side by side. Seq numbers stay gapless because each
  send locks its conversation's row.

A connection that failed is replaced on its next use; when the last consumer of the process leaves,
every thread closes its connection (so that nothing holds a database open that nobody uses).

On PostgreSQL the hottest path, storing a message, does not hop to a thread at all: `live_pg` lends it
an asynchronous connection on the event loop itself (`services.asend_message`). Under load each of a
thread's round trips ended in a wait for the GIL, which was most of a message's time
(docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import connection, connections

if TYPE_CHECKING:
    from psycopg import AsyncConnection
    from psycopg_pool import AsyncConnectionPool

P = ParamSpec("P")
R = TypeVar("R")

POSTGRESQL_THREADS = 8
POSTGRESQL_ON_THE_LOOP = 4  # connections `live_pg` lends at most at once, per event loop
WAIT_FOR_A_CONNECTION = 5.0  # seconds: longer means the database is away, not busy

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
# Set while no consumer is connected: the threads let their connections go.
_released = threading.Event()


def _threads() -> int:
    return POSTGRESQL_THREADS if connection.vendor == "postgresql" else 1


def _pool() -> ThreadPoolExecutor:
    global _executor  # one pool per process, made on first use
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=_threads(), thread_name_prefix="alongside-live-db"
            )
        return _executor


def _drop_broken_connections() -> None:
    for each in connections.all(initialized_only=True):
        if each.connection is not None and each.errors_occurred:
            if each.is_usable():
                each.errors_occurred = False
            else:
                each.close()


def live_db(function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """`function` as a coroutine, run in one of the live threads with that thread's open connection
    and the caller's context variables. (asgiref's `sync_to_async` does the same with more care for
    thread-sensitive code, which this is not; building one per call cost more CPU than a message's
    statements.)"""

    async def call(*args: P.args, **kwargs: P.kwargs) -> R:
        def work() -> R:
            _drop_broken_connections()
            try:
                return function(*args, **kwargs)
            finally:
                if _released.is_set():  # the last consumer left while this ran: let go now
                    connections.close_all()

        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(_pool(), context.run, work)

    return call


_on_the_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncConnectionPool[Any]] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def live_pg() -> AsyncIterator[AsyncConnection[Any] | None]:
    """An asynchronous PostgreSQL connection to the same database as Django's, on this event loop, for
    plain statements (`common.sql`'s) in a transaction of their own: the caller commits or rolls back.
    None where the database is not PostgreSQL (SQLite needs no such thing: it has no network wait)."""
    if connection.vendor != "postgresql":
        yield None
        return
    loop = asyncio.get_running_loop()
    pool = _on_the_loop.get(loop)
    if pool is None:
        from psycopg_pool import AsyncConnectionPool  # imported where it is used, like psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)  # Django's, for synchronous connections
        # psycopg's default (Django turns it off for every statement): these few statements are
        # planned once per connection. Behind PgBouncer in transaction mode that needs 1.21 or later.
        params["prepare_threshold"] = 5
        pool = _on_the_loop[loop] = AsyncConnectionPool(
            kwargs=params,
            min_size=1,
            max_size=POSTGRESQL_ON_THE_LOOP,
            open=False,
            timeout=WAIT_FOR_A_CONNECTION,  # then the caller gives way (PoolTimeout is psycopg's error)
        )
    await pool.open()
    async with pool.connection() as lent:
        yield lent


async def close_live_connections() -> None:
    """Every live thread closes its connection, and this event loop's PostgreSQL connections close. Each
    thread takes exactly one of these tasks: all of them wait at a barrier that opens only when every
    thread holds one."""
    from . import presence

    if (on_the_loop := _on_the_loop.pop(asyncio.get_running_loop(), None)) is not None:
        await on_the_loop.close()
    await presence.aforget_loop()
    pool, size = _pool(), _threads()
    barrier = threading.Barrier(size)
    _released.set()  # a thread busy meanwhile closes its own when its work ends

    def close() -> None:
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # a busy thread kept us waiting: close what this thread has anyway
        finally:
            connections.close_all()

    await asyncio.gather(*(asyncio.wrap_future(pool.submit(close)) for _ in range(size)))


def live_again() -> None:
    """A consumer connected: the threads keep their connections again."""
    _released.clear()
