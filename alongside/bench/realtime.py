"""`alongside bench realtime`: N WebSocket clients in R rooms, each sending at a set rate; the delivery
latency from a send to each other client in the room, and lost and duplicated counts. The floor is a bare
`websockets` broadcast server doing the same fan-out, measured in the same run by the same clients.

One run, in a temporary data directory:
1. Set-up in a child process (`python -m alongside.bench.realtime setup`): migrate, then create a bench
   program with N members in R rooms (conversations of kind "room") and a signed-in session for each.
   With ALONGSIDE_DATABASE_URL set it goes into that database and is removed again at the end.
2. The floor: `python -m alongside.bench.realtime floor`, driven by the client loop below.
3. `alongside serve --workers 1` (with ALONGSIDE_REDIS_URL, if set, as its channel layer), driven the same.
4. Clean-up (`python -m alongside.bench.realtime cleanup`), which also counts the messages stored.

The clients run in this process on one event loop. Each sends its first message at a random moment of
its first period, then one per period; warm-up messages are sent but not counted. A message counts as
delivered to a receiver once its `message` frame arrives there; latency is that moment minus the moment
just before the send. Every message a client sent in the measured window is expected by every other
client of its room: what never arrives (within the drain time) is lost; what arrives twice, duplicated.
Messages are persisted: the app acknowledges a message only after it is committed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from . import harness

CONNECT_AT_ONCE = 50  # handshakes in flight at a time while connecting
DRAIN_SECONDS = (
    10.0  # after the last send, how long to wait for stragglers before calling them lost
)
PROGRAM_SLUG = "bench-realtime"
SESSION_PREFIX = "benchrt"  # the bench's own sessions, found again at clean-up by this prefix
ONE_AT_A_TIME = 4_870_417  # the PostgreSQL advisory lock a run holds on its database


def parse_options(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="alongside bench realtime", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--clients", type=int, default=1000, help="WebSocket clients (default 1000)"
    )
    parser.add_argument(
        "--rooms", type=int, default=100, help="rooms the clients share (default 100)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0.1,
        help="messages per second per client (default 0.1: one every 10 s)",
    )
    parser.add_argument(
        "--duration", type=float, default=30.0, help="measured seconds (default 30)"
    )
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="unmeasured seconds first (default 5)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="alongside serve --workers (default 1; more needs ALONGSIDE_REDIS_URL to share events)",
    )
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="clients offer permessage-deflate, as browsers do (default: off; for 100-byte JSON "
        "frames compression costs both sides more than it saves)",
    )
    args = parser.parse_args(options)
    if args.clients < 2 or args.rooms < 1 or args.clients < 2 * args.rooms:
        parser.error("each room needs at least two clients: --clients ≥ 2 × --rooms")
    if args.workers > 1 and not os.environ.get("ALONGSIDE_REDIS_URL"):
        parser.error(
            "--workers above 1 needs ALONGSIDE_REDIS_URL: processes share events through Redis"
        )
    if args.rate <= 0 or args.duration <= 0 or args.warmup < 0:
        parser.error("--rate and --duration must be above zero, --warmup zero or more")
    return args


# --- the measuring clients ------------------------------------------------------------------------


@dataclass
class Client:
    """One measuring client. Like chat.js, it reconnects to the app with `?after_seq=` when its
    connection drops and sends again what was not acknowledged (the floor never drops connections)."""

    index: int
    room: int
    url: str
    headers: dict[str, str]
    socket: Any = None
    last_seq: int = 0
    unacked: dict[str, str] = field(default_factory=dict)  # client_id → frame
    resumes: bool = (
        False  # connects with ?after_seq= and waits for `resumed` (the app, not the floor)
    )


@dataclass
class Tally:
    """What was sent when, and what arrived where."""

    measured_from: float = 0.0
    measured_until: float = 0.0
    sent_at: dict[str, tuple[float, int, int]] = field(
        default_factory=dict
    )  # id → (t, sender, room)
    acked: set[str] = field(default_factory=set)
    receipts: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    room_sizes: Counter[int] = field(default_factory=Counter)
    refused: int = 0
    dropped: int = 0  # connections the server closed during the run (each one reconnected)
    gave_up: int = 0  # clients that could not reconnect
    stopping: bool = False

    def measured(self, client_id: str) -> bool:
        sent = self.sent_at.get(client_id)
        return sent is not None and self.measured_from <= sent[0] < self.measured_until

    def expected(self) -> int:
        return sum(
            self.room_sizes[room] - 1
            for cid, (_, _, room) in self.sent_at.items()
            if self.measured(cid)
        )

    def delivered(self) -> int:
        return sum(1 for cid, _ in self.receipts if self.measured(cid))


async def _read(
    client: Client, tally: Tally, arrived: asyncio.Event, options: dict[str, Any]
) -> None:
    import websockets

    while True:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in client.socket:
                _receive(client, tally, arrived, json.loads(raw), time.perf_counter())
        if tally.stopping:
            return
        tally.dropped += 1
        if not await _reconnect(client, options):
            tally.gave_up += 1
            return


async def _reconnect(client: Client, options: dict[str, Any]) -> bool:
    """Connect again after the newest seq this client has, with back-off as chat.js does, and send
    again what was not acknowledged. False if the server kept refusing."""
    import websockets

    separator = "&" if "?" in client.url else "?"
    for attempt in range(8):
        try:
            client.socket = await websockets.connect(
                f"{client.url}{separator}after_seq={client.last_seq}",
                additional_headers=client.headers,
                **options,
            )
            for frame in list(client.unacked.values()):
                await client.socket.send(frame)
        except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed):
            await asyncio.sleep(min(5.0, 0.1 * 2**attempt))
        else:
            return True
    return False


def _receive(
    client: Client, tally: Tally, arrived: asyncio.Event, frame: dict[str, Any], now: float
) -> None:
    kind = frame.get("type")
    if kind == "ack":
        tally.acked.add(frame["client_id"])
        client.unacked.pop(frame["client_id"], None)
    elif kind == "message":
        client.last_seq = max(client.last_seq, frame.get("seq", 0))
        client_id = frame.get("client_id", "")
        sent = tally.sent_at.get(client_id)
        if sent is None or sent[1] == client.index:
            return  # its own echo, or not from this run
        tally.receipts[(client_id, client.index)] += 1
        if tally.receipts[(client_id, client.index)] == 1 and tally.measured(client_id):
            tally.latencies.append(now - sent[0])
            arrived.set()
    elif kind == "error":
        tally.refused += 1


async def _send_loop(
    client: Client, tally: Tally, *, start: float, period: float, stop: float
) -> None:
    import websockets

    loop = asyncio.get_running_loop()
    at = start + random.uniform(0, period)  # noqa: S311  # spreading load, not security
    n = 0
    while at < stop:
        delay = at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        client_id = str(uuid4())
        tally.sent_at[client_id] = (time.perf_counter(), client.index, client.room)
        n += 1
        body = f"Bench message {n} from client {client.index}; synthetic words only."
        frame = json.dumps({"type": "send", "client_id": client_id, "body": body})
        client.unacked[client_id] = frame
        with contextlib.suppress(websockets.ConnectionClosed):
            await client.socket.send(frame)  # if the connection dropped, the reader resends it
        at += period


async def _drive(
    clients: list[Client],
    *,
    rate: float,
    duration: float,
    warmup: float,
    deflate: bool,
    cpu: Callable[[], float] | None = None,
) -> dict[str, Any]:
    import websockets

    tally = Tally(room_sizes=Counter(client.room for client in clients))
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    options: dict[str, Any] = {
        "open_timeout": 60,
        "ping_interval": None,
        "max_queue": None,
        "compression": "deflate" if deflate else None,
    }

    async def connect(client: Client) -> None:
        async with gate:
            if not client.resumes:
                client.socket = await websockets.connect(
                    client.url, additional_headers=client.headers, **options
                )
                return
            # As a phone does after a deploy: connect and resume (`after_seq`), connected once the
            # server says `resumed` (the replay, the others' read cursors and the state are in).
            client.socket = await websockets.connect(
                f"{client.url}?after_seq=0", additional_headers=client.headers, **options
            )
            async for raw in client.socket:
                if json.loads(raw).get("type") == "resumed":
                    break

    connect_cpu = [cpu()] if cpu is not None else []
    started_connecting = time.perf_counter()
    await asyncio.gather(*(connect(client) for client in clients))
    connect_seconds = time.perf_counter() - started_connecting
    connect_cpu += [cpu()] if cpu is not None else []
    arrived = asyncio.Event()
    readers = [asyncio.create_task(_read(client, tally, arrived, options)) for client in clients]
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    stop = start + warmup + duration
    offset = time.perf_counter() - loop.time()  # the two clocks, to mark the measured window
    tally.measured_from = start + warmup + offset
    tally.measured_until = stop + offset
    cpu_marks: list[
        float
    ] = []  # the server's CPU seconds when the measured window opens and closes
    if cpu is not None:
        for at in (start + warmup, stop):
            loop.call_at(at, lambda: cpu_marks.append(cpu()))
    senders: list[Coroutine[Any, Any, None]] = [
        _send_loop(client, tally, start=start, period=1 / rate, stop=stop) for client in clients
    ]
    await asyncio.gather(*senders)
    # The measured window closes, and with it the CPU mark, before the stragglers are awaited.
    await asyncio.sleep(max(0.0, stop - loop.time()))
    deadline = loop.time() + DRAIN_SECONDS
    expected = tally.expected()
    while tally.delivered() < expected and loop.time() < deadline:
        arrived.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(arrived.wait(), deadline - loop.time())
    tally.stopping = True
    for client in clients:
        await client.socket.close()
    await asyncio.gather(*readers)
    measured = [cid for cid in tally.sent_at if tally.measured(cid)]
    receipts = sum(count for (cid, _), count in tally.receipts.items() if tally.measured(cid))
    delivered = tally.delivered()
    return {
        "p50_ms": round(harness.percentile(tally.latencies, 50) * 1000, 2),
        "p99_ms": round(harness.percentile(tally.latencies, 99) * 1000, 2),
        "max_ms": round(max(tally.latencies, default=0) * 1000, 2),
        "delivered": delivered,
        "lost": expected - delivered,
        "duplicated": receipts - delivered,
        "msgs_per_s": round(len(measured) / duration, 1),
        "deliveries_per_s": round(delivered / duration, 1),
        "sent": len(measured),
        "acked": sum(1 for cid in measured if cid in tally.acked),
        "refused": tally.refused,
        "reconnects": tally.dropped,
        "clients_gave_up": tally.gave_up,
        "connect_seconds": round(connect_seconds, 2),
        # The server's CPU for each connect (handshake, checks, replay): steadier than the seconds on a
        # shared machine, where other work stretches the wall clock. None with several workers.
        "connect_cpu_ms_per_client": _per_client_ms(connect_cpu, len(clients)),
        **_cpu_figures(cpu_marks, messages=len(measured), duration=duration),
    }


def _per_client_ms(marks: list[float], clients: int) -> float | None:
    if len(marks) != 2 or any(mark != mark for mark in marks) or not clients:  # NaN ≠ NaN
        return None
    return round((marks[1] - marks[0]) * 1000 / clients, 2)


def _cpu_figures(marks: list[float], *, messages: int, duration: float) -> dict[str, Any]:
    """The server's CPU over the measured window: per message sent (each delivered to the rest of its
    room) and as a share of one core. Steadier than latency on a shared machine. None where unknown
    (several worker processes, or no /proc)."""
    if len(marks) != 2 or any(mark != mark for mark in marks) or not messages:  # NaN ≠ NaN
        return {"server_cpu_ms_per_msg": None, "server_cpu_cores": None}
    used = marks[1] - marks[0]
    return {
        "server_cpu_ms_per_msg": round(used * 1000 / messages, 3),
        "server_cpu_cores": round(used / duration, 3),
    }


def _run_clients(
    clients: list[Client], args: argparse.Namespace, cpu: Callable[[], float] | None = None
) -> dict[str, Any]:
    work = _drive(
        clients,
        rate=args.rate,
        duration=args.duration,
        warmup=args.warmup,
        deflate=args.deflate,
        cpu=cpu,
    )
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)  # the same event loop uvicorn uses on the server side


# --- the child processes: set-up and clean-up in Django, the floor without it ---------------------


def _django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
    import django

    django.setup()


def setup_program(clients: int, rooms: int) -> dict[str, Any]:
    """Migrate; a bench program with `clients` members in `rooms` rooms, each with a signed-in session."""
    _django()
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Profile, Program, User
    from alongside.conversations.services import open_room

    call_command("migrate", interactive=False, verbosity=0)
    cleanup_program()
    _tidy("VACUUM")
    program = Program.objects.create(name="Realtime benchmark (synthetic)", slug=PROGRAM_SLUG)
    users = User.objects.bulk_create(
        [
            User(username=f"{PROGRAM_SLUG}-{n}", display_name=f"Bench {n}", password="!")  # noqa: S106
            for n in range(clients)
        ]
    )
    users = list(User.objects.filter(username__startswith=f"{PROGRAM_SLUG}-").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, program=program, role=Role.MEMBER) for u in users]
    )
    Profile.objects.bulk_create([Profile(user=u) for u in users])
    store, expires = SessionStore(), timezone.now() + timedelta(days=1)
    sessions = []
    for user in users:
        key = SESSION_PREFIX + get_random_string(
            32 - len(SESSION_PREFIX), "abcdefghijklmnopqrstuvwxyz0123456789"
        )
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
    Session.objects.bulk_create(sessions)
    layout = []
    for room in range(rooms):
        members = [n for n in range(clients) if n % rooms == room]
        conversation = open_room(
            program=program,
            title=f"Bench room {room}",
            people=[(users[n], Role.MEMBER) for n in members],
        )
        layout.append(
            {
                "conversation": conversation.pk,
                "sessions": [sessions[n].session_key for n in members],
            }
        )
    _tidy("ANALYZE")
    return {"rooms": layout}


def cleanup_program() -> dict[str, Any]:
    """Remove the bench program, its people and their sessions; say how many messages it had stored."""
    _django()
    from django.contrib.sessions.models import Session

    from alongside.accounts.models import Program, User
    from alongside.conversations.models import Message

    stored = Message.objects.filter(conversation__program__slug=PROGRAM_SLUG).count()
    Session.objects.filter(session_key__startswith=SESSION_PREFIX).delete()
    User.objects.filter(username__startswith=f"{PROGRAM_SLUG}-").delete()
    Program.objects.filter(slug=PROGRAM_SLUG).delete()
    return {"stored": stored}


def _tidy(command: str) -> None:
    """On PostgreSQL, `command` (VACUUM, ANALYZE) on each table a run writes. Before a run, VACUUM
    clears the dead rows earlier runs left (each message leaves a dead version of its conversation's
    row); after the setup, ANALYZE tells the planner the tables' real sizes. So each run starts from
    the same tables whether or not the server's autovacuum is on (this machine's is off)."""
    from django.contrib.sessions.models import Session
    from django.db import connection

    from alongside.accounts.models import Membership, Profile, Program, User
    from alongside.conversations.models import Conversation, Message, Notification, Participant

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        for model in (
            Message, Conversation, Participant, Notification, Session, Membership, Profile,
            User, Program,
        ):  # fmt: skip
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


async def _floor_server(port: int) -> None:
    """The floor: rooms by path, every frame acknowledged and broadcast to the room, nothing stored."""
    from http import HTTPStatus

    from websockets.asyncio.server import broadcast, serve

    rooms: dict[str, set[Any]] = {}
    seqs: Counter[str] = Counter()

    async def handler(socket: Any) -> None:
        room = socket.request.path
        rooms.setdefault(room, set()).add(socket)
        try:
            async for raw in socket:
                frame = json.loads(raw)
                seqs[room] += 1
                await socket.send(
                    json.dumps({"type": "ack", "client_id": frame["client_id"], "seq": seqs[room]})
                )
                broadcast(
                    rooms[room],
                    json.dumps(
                        {
                            "type": "message",
                            "seq": seqs[room],
                            "client_id": frame["client_id"],
                            "kind": "text",
                            "body": frame["body"],
                            "sender": {"id": id(socket), "name": "Bench"},
                            "created_at": time.time(),
                        }
                    ),
                )
        finally:
            rooms[room].discard(socket)

    def health(connection: Any, request: Any) -> Any:
        if request.path == "/healthz":
            return connection.respond(HTTPStatus.OK, '{"status": "ok"}\n')
        return None

    async with serve(handler, harness.HOST, port, process_request=health, max_queue=None):
        await asyncio.Future()  # until the benchmark stops this process


# --- one run --------------------------------------------------------------------------------------


def _child(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        harness.python_command("-m", "alongside.bench.realtime", *args),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"bench realtime {args[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _clients(layout: list[dict[str, Any]], base: str, *, port: int, floor: bool) -> list[Client]:
    clients: list[Client] = []
    for room, entry in enumerate(layout):
        for key in entry["sessions"]:
            path = f"/room/{room}" if floor else f"/ws/conversations/{entry['conversation']}/"
            headers = {"Origin": f"http://{harness.HOST}:{port}"}
            if not floor:
                headers["Cookie"] = f"sessionid={key}"
            clients.append(
                Client(
                    index=len(clients),
                    room=room,
                    url=f"{base}{path}",
                    headers=headers,
                    resumes=not floor,
                )
            )
    return clients


def _measure(
    command: list[str],
    env: dict[str, str],
    port: int,
    log: Path,
    layout: list[dict[str, Any]],
    args: argparse.Namespace,
    *,
    floor: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    with harness.Server(command, env=env, log_path=log, port=port) as server:
        clients = _clients(layout, f"ws://{harness.HOST}:{port}", port=port, floor=floor)
        # One process serves only with --workers 1; with more, uvicorn's workers are its children.
        cpu = server.cpu_seconds if floor or args.workers == 1 else None
        return _run_clients(clients, args, cpu), server.health


def _more_files() -> None:
    # A thousand sockets on each side: raise the soft limit on open files as far as we may.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard)
            )


@contextlib.contextmanager
def _alone_on(database_url: str | None) -> Iterator[None]:
    """One run at a time on a PostgreSQL database: two would delete each other's bench program (and
    share the cores, so neither's figures would mean anything). SQLite runs each have their own file."""
    if not database_url or not database_url.startswith("postgres"):
        yield
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as held:
        row = held.execute("SELECT pg_try_advisory_lock(%s)", [ONE_AT_A_TIME]).fetchone()
        if not row or not row[0]:
            raise SystemExit(
                "Another `alongside bench realtime` is running against this database; "
                "run one at a time."
            )
        yield


def run(options: list[str]) -> dict[str, Any]:
    args = parse_options(options)
    _more_files()
    database_url = os.environ.get("ALONGSIDE_DATABASE_URL", "").strip() or None
    redis_url = os.environ.get("ALONGSIDE_REDIS_URL", "").strip() or None
    machine = harness.machine_info(database_url=database_url)
    params = {
        "clients": args.clients,
        "rooms": args.rooms,
        "rate": args.rate,
        "duration": args.duration,
        "warmup": args.warmup,
        "permessage_deflate": args.deflate,
        "workers": args.workers,
        "server": f"alongside serve --workers {args.workers}",
        "channel_layer": "redis" if redis_url else "memory",
        "floor": "websockets broadcast server, one process, nothing stored",
        "client": f"websockets {harness.package_version('websockets')}, one event loop for all clients",
    }
    with _alone_on(database_url), tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        data_dir = Path(tmp)
        env = {
            **os.environ,
            "ALONGSIDE_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
        }
        layout = _child(env, "setup", str(args.clients), str(args.rooms))["rooms"]
        try:
            port = harness.free_port()
            floor, _ = _measure(
                harness.python_command("-m", "alongside.bench.realtime", "floor", str(port)),
                env,
                port,
                data_dir / "floor.log",
                layout,
                args,
                floor=True,
            )
            port = harness.free_port()
            serve = harness.python_command(
                "-m",
                "alongside.cli",
                "serve",
                "--host",
                harness.HOST,
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--no-migrate",
                "--no-worker",  # the background worker is measured by nobody; it only adds noise
            )
            results, health = _measure(
                serve, env, port, data_dir / "serve.log", layout, args, floor=False
            )
        finally:
            stored = _child(env, "cleanup")["stored"]
    results["stored"] = stored
    machine["database"]["reported_by_healthz"] = health.get("database")
    machine["channel_layer_reported_by_healthz"] = health.get("channel_layer")
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    floor_p99 = floor["p99_ms"]
    return {
        "name": "realtime",
        "machine": machine,
        "params": params,
        "results": results,
        "floor": floor,
        "ratio": round(results["p99_ms"] / floor_p99, 2) if floor_p99 > 0 else None,
    }


def main(argv: list[str]) -> int:
    """The child processes: `setup N R`, `cleanup`, `floor PORT`."""
    command, *rest = argv
    if command == "setup":
        print(json.dumps(setup_program(int(rest[0]), int(rest[1]))))
    elif command == "cleanup":
        print(json.dumps(cleanup_program()))
    elif command == "floor":
        try:
            import uvloop
        except ImportError:
            asyncio.run(_floor_server(int(rest[0])))
        else:
            uvloop.run(_floor_server(int(rest[0])))
    else:
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
