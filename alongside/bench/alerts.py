"""`alongside bench alerts`: the time from a member's crisis message to their peer supporter's alert
arriving on the supporter's safety socket (/ws/safety/escalations/), with N idle WebSocket clients
connected to the same server.

One run, in a temporary data directory (SQLite unless ALONGSIDE_DATABASE_URL says otherwise):
1. Set-up in a child process: the `realtime` bench program (N members in R rooms, each signed in),
   and P pairs of a member and their peer supporter in a one-to-one conversation (the supporter with a
   confirmed two-step device, and a session that gave its code, as staff need).
2. `alongside serve --workers 1` (with ALONGSIDE_REDIS_URL, if set, as its channel layer).
3. The N idle clients connect to their rooms and send nothing; each supporter connects to the safety
   socket and each member to their conversation. Each member then sends M crisis messages (synthetic
   words), spread over the run, one at a time. Latency is the moment the supporter's socket receives
   its first frame after the send (an `alert` when the message opens the escalation; an `escalation`
   event when it is another signal on the open one), minus the moment just before the send.

The escalations and their access-log lines stay in the run's database (the log is append-only), so
with ALONGSIDE_DATABASE_URL pointing at PostgreSQL the bench refuses unless `--keep` says that is fine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from . import harness, realtime

# Synthetic words that the detector reads as `imminent` (the safety tests use the same sentence).
CRISIS_WORDS = "I'm going to kill myself tonight."
WAIT_SECONDS = 10.0  # an alert not there by then counts as missing


def parse_options(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="alongside bench alerts", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--clients", type=int, default=1000, help="idle clients (default 1000)")
    parser.add_argument("--rooms", type=int, default=100, help="their rooms (default 100)")
    parser.add_argument(
        "--pairs", type=int, default=50, help="member and supporter pairs (default 50)"
    )
    parser.add_argument(
        "--messages", type=int, default=3, help="crisis messages per member (default 3)"
    )
    parser.add_argument(
        "--duration", type=float, default=30.0, help="seconds the sends are spread over (30)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="run against ALONGSIDE_DATABASE_URL even though the bench's escalations stay there",
    )
    args = parser.parse_args(options)
    if args.clients < 2 * args.rooms or args.rooms < 1:
        parser.error("each room needs at least two clients: --clients ≥ 2 × --rooms")
    if args.pairs < 1 or args.messages < 1 or args.duration <= 0:
        parser.error("--pairs, --messages and --duration must be above zero")
    if os.environ.get("ALONGSIDE_DATABASE_URL", "").strip() and not args.keep:
        parser.error(
            "the bench's escalations and their access-log lines stay in the database; "
            "run on the default SQLite, or add --keep for a throwaway database"
        )
    return args


# --- set-up, in a child process ------------------------------------------------------------------


def _session(user: Any, *, device: Any = None) -> str:
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY

    key = realtime.SESSION_PREFIX + get_random_string(
        32 - len(realtime.SESSION_PREFIX), "abcdefghijklmnopqrstuvwxyz0123456789"
    )
    data = {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }
    if device is not None:
        data[DEVICE_ID_SESSION_KEY] = device.persistent_id
    Session.objects.create(
        session_key=key,
        session_data=SessionStore().encode(data),
        expire_date=timezone.now() + timedelta(days=1),
    )
    return key


def setup(clients: int, rooms: int, pairs: int) -> dict[str, Any]:
    """The realtime bench program with its rooms, and `pairs` member–supporter conversations."""
    layout = realtime.setup_program(clients, rooms)["rooms"]  # migrates and sets up Django
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Profile, Program, User
    from alongside.conversations.services import start_conversation

    program = Program.objects.get(slug=realtime.PROGRAM_SLUG)
    found = []
    for n in range(pairs):
        people = {}
        for role in (Role.MEMBER, Role.SUPPORTER):
            user = User.objects.create(
                username=f"{realtime.PROGRAM_SLUG}-{role}-{n}",
                display_name=f"Bench {role} {n}",
                password="!",  # noqa: S106  # no password: sessions only
            )
            Membership.objects.create(user=user, program=program, role=role)
            Profile.objects.create(user=user)
            people[role] = user
        device = TOTPDevice.objects.create(
            user=people[Role.SUPPORTER], name="bench", confirmed=True
        )
        conversation = start_conversation(
            member=people[Role.MEMBER], supporter=people[Role.SUPPORTER]
        )
        found.append(
            {
                "conversation": conversation.pk,
                "member": _session(people[Role.MEMBER]),
                "supporter": _session(people[Role.SUPPORTER], device=device),
            }
        )
    return {"rooms": layout, "pairs": found}


# --- the measuring clients --------------------------------------------------------------------------


@dataclass
class Pair:
    conversation: int
    member: Any = None
    supporter: Any = None
    frames: asyncio.Queue[tuple[float, str]] = field(default_factory=asyncio.Queue)


@dataclass
class Tally:
    opened: list[float] = field(default_factory=list)  # the message that opened the escalation
    signal: list[float] = field(default_factory=list)  # later messages on the open escalation
    missing: int = 0
    sent: int = 0


async def _listen(pair: Pair) -> None:
    import websockets

    with contextlib.suppress(websockets.ConnectionClosed):
        async for raw in pair.supporter:
            frame = json.loads(raw)
            if frame.get("type") in ("alert", "escalation"):
                pair.frames.put_nowait((time.perf_counter(), frame["type"]))


async def _drain(socket: Any) -> None:
    import websockets

    with contextlib.suppress(websockets.ConnectionClosed):
        async for _ in socket:
            pass


async def _member_sends(
    pair: Pair, tally: Tally, *, start: float, messages: int, span: float
) -> None:
    """M crisis messages, one every `span` seconds (from a random start); after each, the wait for
    the supporter's next frame."""
    loop = asyncio.get_running_loop()
    at = start + random.uniform(0, span)  # noqa: S311  # spreading load, not security
    for n in range(messages):
        await asyncio.sleep(max(0.0, at - loop.time()))
        while not pair.frames.empty():  # what the previous message brought after its first frame
            pair.frames.get_nowait()
        sent_at = time.perf_counter()
        tally.sent += 1
        await pair.member.send(
            json.dumps({"type": "send", "client_id": str(uuid4()), "body": CRISIS_WORDS})
        )
        try:
            arrived, _kind = await asyncio.wait_for(pair.frames.get(), WAIT_SECONDS)
        except TimeoutError:
            tally.missing += 1
        else:
            (tally.opened if n == 0 else tally.signal).append(arrived - sent_at)
        at += span


async def _drive(
    setup_data: dict[str, Any], base: str, port: int, args: argparse.Namespace
) -> dict[str, Any]:
    import websockets

    origin = {"Origin": f"http://{harness.HOST}:{port}"}
    options: dict[str, Any] = {"open_timeout": 60, "ping_interval": None, "max_queue": None}
    gate = asyncio.Semaphore(realtime.CONNECT_AT_ONCE)

    async def connect(path: str, session: str) -> Any:
        async with gate:
            return await websockets.connect(
                f"{base}{path}",
                additional_headers={**origin, "Cookie": f"sessionid={session}"},
                **options,
            )

    started = time.perf_counter()
    idle = await asyncio.gather(
        *(
            connect(f"/ws/conversations/{room['conversation']}/", key)
            for room in setup_data["rooms"]
            for key in room["sessions"]
        )
    )
    pairs = [Pair(conversation=p["conversation"]) for p in setup_data["pairs"]]
    for pair, keys in zip(pairs, setup_data["pairs"], strict=True):
        pair.supporter = await connect("/ws/safety/escalations/", keys["supporter"])
        pair.member = await connect(f"/ws/conversations/{pair.conversation}/", keys["member"])
    connect_seconds = time.perf_counter() - started
    readers = [asyncio.create_task(_drain(s)) for s in idle]
    readers += [asyncio.create_task(_drain(p.member)) for p in pairs]
    readers += [asyncio.create_task(_listen(p)) for p in pairs]
    tally = Tally()
    loop = asyncio.get_running_loop()
    span = args.duration / args.messages
    await asyncio.gather(
        *(
            _member_sends(pair, tally, start=loop.time() + 0.5, messages=args.messages, span=span)
            for pair in pairs
        )
    )
    for socket in [*idle, *(p.member for p in pairs), *(p.supporter for p in pairs)]:
        await socket.close()
    await asyncio.gather(*readers)

    def figures(values: list[float]) -> dict[str, Any]:
        return {
            "n": len(values),
            "p50_ms": round(harness.percentile(values, 50) * 1000, 2),
            "p99_ms": round(harness.percentile(values, 99) * 1000, 2),
            "max_ms": round(max(values, default=0) * 1000, 2),
        }

    return {
        **figures(tally.opened + tally.signal),
        "opened": figures(tally.opened),
        "signal": figures(tally.signal),
        "sent": tally.sent,
        "missing": tally.missing,
        "idle_clients_connected": len(idle),
        "connect_seconds": round(connect_seconds, 2),
    }


def run(options: list[str]) -> dict[str, Any]:
    args = parse_options(options)
    realtime._more_files()
    database_url = os.environ.get("ALONGSIDE_DATABASE_URL", "").strip() or None
    redis_url = os.environ.get("ALONGSIDE_REDIS_URL", "").strip() or None
    machine = harness.machine_info(database_url=database_url)
    params = {
        "idle_clients": args.clients,
        "rooms": args.rooms,
        "pairs": args.pairs,
        "messages_per_member": args.messages,
        "duration": args.duration,
        "server": "alongside serve --workers 1",
        "channel_layer": "redis" if redis_url else "memory",
    }
    with tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        data_dir = Path(tmp)
        env = {
            **os.environ,
            "ALONGSIDE_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
        }
        done = subprocess.run(
            harness.python_command(
                "-m", "alongside.bench.alerts", "setup", str(args.clients), str(args.rooms),
                str(args.pairs),
            ),
            env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"bench alerts setup failed:\n{done.stderr[-3000:]}")
        setup_data = json.loads(done.stdout.strip().splitlines()[-1])
        port = harness.free_port()
        serve = harness.python_command(
            "-m", "alongside.cli", "serve", "--host", harness.HOST, "--port", str(port),
            "--workers", "1", "--no-migrate", "--no-worker",
        )  # fmt: skip
        with harness.Server(serve, env=env, log_path=data_dir / "serve.log", port=port) as server:
            work = _drive(setup_data, f"ws://{harness.HOST}:{port}", port, args)
            try:
                import uvloop
            except ImportError:
                results = asyncio.run(work)
            else:
                results = uvloop.run(work)
            health = server.health
    machine["channel_layer_reported_by_healthz"] = health.get("channel_layer")
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {"name": "alerts", "machine": machine, "params": params, "results": results}


def main(argv: list[str]) -> int:
    """The child process: `setup N R P`."""
    command, *rest = argv
    if command != "setup":
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    print(json.dumps(setup(int(rest[0]), int(rest[1]), int(rest[2]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
