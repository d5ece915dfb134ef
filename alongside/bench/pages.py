"""`alongside bench pages`: the core pages under concurrent clients, against a minimal Django view.

One run, in a temporary data directory:
1. `alongside demo` migrates and loads the demo program (into ALONGSIDE_DATABASE_URL's database when it
   is set, only if it is not loaded there yet; else into a fresh SQLite file).
2. The floor: `uvicorn alongside.bench.floor:application` with one worker, driven by the client loop.
3. `alongside serve --workers 1`; demo-member signs in once per client through the sign-in form; demo-admin
   signs in once, with a two-step code from `alongside demo --code`, and that session is shared by every
   client (a code is good only once, so one session per client would mean waiting 30 s per client).
4. Each page in turn gets N clients × R requests (after a few unmeasured warm-up requests per client).
   Each client is an httpx.AsyncClient with its own keep-alive connection and cookie jar, sending its next
   request when the last one has answered (a closed loop).
Any answer other than 200 (a redirect to sign-in included) counts as an error.

Per page: p50/p95/p99 latency and throughput as the clients saw them, the server process's CPU time per
request (user + system, all threads; less moved by other load on the machine than latency is), and both
as ratios to the floor: `ratio_p50` and `ratio_cpu`.

`--burst SECONDS` measures a burst instead (`--clients 300 --workers 2 --burst 20`): every client signs in
as demo-member and asks for `--path` (the member home) again and again for that long, all at once. It
reports every answer by status (a 503 is the server saying "busy, retry"; any 5xx is an error), p50/p95/
p99, and on PostgreSQL the most connections `pg_stat_activity` showed on the database meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from . import harness

# (path, who asks for it). The order is the order of measurement.
PAGES: list[tuple[str, str]] = [
    ("/", "member"),
    ("/account/profile/", "member"),
    ("/account/sharing/", "member"),
    ("/people/", "admin"),
    ("/audit/", "admin"),
    ("/account/sign-in/", "anonymous"),
    ("/healthz", "anonymous"),
]
MEMBER, ADMIN = "demo-member", "demo-admin"
REQUEST_TIMEOUT = 30.0  # seconds; a request slower than this is an error, so every loop ends
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_options(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="alongside bench pages", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--requests", type=int, default=200, help="measured requests per client per page"
    )
    parser.add_argument(
        "--warmup", type=int, default=10, help="unmeasured requests per client per page"
    )
    parser.add_argument(
        "--burst", type=float, default=0, help="seconds of one burst on --path instead of the pages"
    )
    parser.add_argument("--path", default="/", help="the page a burst asks for (default /)")
    parser.add_argument(
        "--workers", type=int, default=1, help="`alongside serve --workers` (default 1)"
    )
    args = parser.parse_args(options)
    for name in ("clients", "requests", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0 or args.burst < 0:
        parser.error("--warmup and --burst must be 0 or more")
    return args


def run(options: list[str]) -> dict[str, Any]:
    args = parse_options(options)
    database_url = os.environ.get("ALONGSIDE_DATABASE_URL", "").strip() or None
    machine = harness.machine_info(database_url=database_url)
    if args.burst:
        return _run_burst(args, machine, database_url)
    params = {
        "clients": args.clients,
        "requests_per_client": args.requests,
        "warmup_per_client": args.warmup,
        "workers": args.workers,
        "server": f"alongside serve --workers {args.workers}",
        "floor": "uvicorn alongside.bench.floor:application --workers 1 --lifespan off",
        "client": f"httpx {harness.package_version('httpx')} AsyncClient per client, keep-alive, closed loop",
        "member_sessions": "one per client",
        "admin_session": "one, shared by all clients",
    }
    with tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        data_dir = Path(tmp)
        app_env = _app_env(data_dir)
        password = _load_demo(app_env)
        floor = _measure_floor(args, data_dir)
        pages, health = _measure_pages(args, app_env, data_dir, password)
    machine["database"]["reported_by_healthz"] = health.get("database")
    # Others' work on the machine moves the numbers: say how busy it was on both sides of the run.
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    for result in pages.values():
        result["ratio_p50"] = _ratio(result["p50_ms"], floor["p50_ms"])
        result["ratio_cpu"] = _ratio(
            result["server_cpu_ms_per_request"], floor["server_cpu_ms_per_request"]
        )
    return {
        "name": "pages",
        "machine": machine,
        "params": params,
        "results": {"floor": floor, "pages": pages},
    }


def _ratio(page: float, floor: float) -> float | None:
    return round(page / floor, 2) if floor > 0 else None  # None also when the floor is NaN


# --- set-up --------------------------------------------------------------------------------------


def _app_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ALONGSIDE_DATA_DIR"] = str(data_dir)
    # The production settings, even when run from pytest (which exports its test settings).
    env["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
    return env


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        harness.python_command("-m", "alongside.cli", *args),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"alongside {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}"
        )
    return done.stdout


def _load_demo(env: dict[str, str]) -> str:
    """Migrate and load the demo (the command skips loading when it is there); return the demo password."""
    output = _cli(env, "demo")
    found = re.search(r"password: ([^)\s]+)\)", output)
    if found is None:
        raise RuntimeError(f"`alongside demo` printed no demo password:\n{output}")
    return found.group(1)


def _csrf_token(html: str) -> str:
    found = CSRF_INPUT.search(html)
    if found is None:
        raise RuntimeError("no CSRF token in the form")
    return found.group(1)


def _sign_in(
    base_url: str, username: str, password: str, *, code_env: dict[str, str] | None = None
) -> httpx.Cookies:
    """Sign in through the pages as a person would; with `code_env`, also give the two-step code."""
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT, trust_env=False) as client:
        form = client.get("/account/sign-in/")
        answer = client.post(
            "/account/sign-in/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": _csrf_token(form.text),
            },
        )
        if answer.status_code != 302:
            raise RuntimeError(
                f"signing in {username} answered {answer.status_code}, not a redirect"
            )
        if code_env is not None:
            _verify_two_step(client, username, code_env)
        home = client.get("/")
        if home.status_code != 200:
            raise RuntimeError(f"{username} is not signed in: / answered {home.status_code}")
        return client.cookies


def _verify_two_step(client: httpx.Client, username: str, code_env: dict[str, str]) -> None:
    # A code is good once: if another run used this 30-second step's code, wait for the next step.
    for _attempt in range(3):
        form = client.get("/account/two-factor/verify/")
        code = _cli(code_env, "demo", "--code", username).strip()
        answer = client.post(
            "/account/two-factor/verify/",
            data={"code": code, "csrfmiddlewaretoken": _csrf_token(form.text)},
        )
        if answer.status_code == 302:
            return
        time.sleep(31 - time.time() % 30)
    raise RuntimeError(f"the two-step code for {username} was refused three times")


# --- the client loop -----------------------------------------------------------------------------


async def _drive_async(
    server: harness.Server, path: str, jars: list[httpx.Cookies | None], requests: int, warmup: int
) -> dict[str, Any]:
    clients = [
        httpx.AsyncClient(
            base_url=server.base_url, cookies=jar, timeout=REQUEST_TIMEOUT, trust_env=False
        )
        for jar in jars
    ]
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    sizes: list[int] = []

    async def one(client: httpx.AsyncClient, count: int, *, record: bool) -> None:
        for _ in range(count):
            started = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                outcome, size = type(error).__name__, 0
            else:
                outcome, size = str(response.status_code), len(response.content)
            elapsed = time.perf_counter() - started
            if not record:
                continue
            if outcome == "200":
                latencies.append(elapsed)
                sizes.append(size)
            else:
                failures[outcome] += 1

    try:
        await asyncio.gather(*(one(client, warmup, record=False) for client in clients))
        started, cpu_before = time.perf_counter(), server.cpu_seconds()
        await asyncio.gather(*(one(client, requests, record=True) for client in clients))
        wall, cpu = time.perf_counter() - started, server.cpu_seconds() - cpu_before
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    summary = harness.latency_summary(latencies, errors=sum(failures.values()), wall_seconds=wall)
    summary["server_cpu_ms_per_request"] = round(cpu * 1000 / (requests * len(clients)), 2)
    summary["error_kinds"] = dict(failures)
    summary["bytes"] = max(sizes) if sizes else 0
    return summary


def drive(
    server: harness.Server,
    path: str,
    jars: list[httpx.Cookies | None],
    *,
    requests: int,
    warmup: int,
) -> dict[str, Any]:
    """len(jars) clients, each sending `warmup` then `requests` GETs of `path` one after another."""
    work = _drive_async(server, path, jars, requests, warmup)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop here, run one
        return asyncio.run(work)
    # Called from inside an event loop (a test runner's, say): run ours on a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


# --- the two servers -----------------------------------------------------------------------------


def _measure_floor(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    port = harness.free_port()
    command = harness.python_command(
        *("-m", "uvicorn", "alongside.bench.floor:application", "--workers", "1"),
        *(
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--host",
            harness.HOST,
            "--port",
            str(port),
        ),
    )
    with harness.Server(command, env=env, log_path=data_dir / "floor.log", port=port) as server:
        result = drive(
            server, "/", [None] * args.clients, requests=args.requests, warmup=args.warmup
        )
    return {"path": "/", **result}


def _measure_pages(
    args: argparse.Namespace, env: dict[str, str], data_dir: Path, password: str
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    port = harness.free_port()
    with harness.Server(
        _serve_command(args, port), env=env, log_path=data_dir / "serve.log", port=port
    ) as server:
        admin = _sign_in(server.base_url, ADMIN, password, code_env=env)
        jars: dict[str, list[httpx.Cookies | None]] = {
            "member": [_sign_in(server.base_url, MEMBER, password) for _ in range(args.clients)],
            "admin": [admin] * args.clients,
            "anonymous": [None] * args.clients,
        }
        results = {
            path: {
                "as": who,
                **drive(server, path, jars[who], requests=args.requests, warmup=args.warmup),
            }
            for path, who in PAGES
        }
        if any(result["errors"] for result in results.values()):
            # The JSON says how many failed; the server's own words on why go to stderr.
            print(
                f"alongside bench pages: the server answered with errors; its log ends:\n"
                f"{server.log_tail(60)}",
                file=sys.stderr,
            )
        return results, server.health


def _serve_command(args: argparse.Namespace, port: int) -> list[str]:
    return harness.python_command(
        *("-m", "alongside.cli", "serve", "--workers", str(args.workers)),
        *("--no-migrate", "--no-worker", "--host", harness.HOST, "--port", str(port)),
    )


# --- a burst -------------------------------------------------------------------------------------


def _run_burst(
    args: argparse.Namespace, machine: dict[str, Any], database_url: str | None
) -> dict[str, Any]:
    params = {
        "mode": "burst",
        "clients": args.clients,
        "seconds": args.burst,
        "path": args.path,
        "as": "member (one session per client)",
        "workers": args.workers,
        "server": f"alongside serve --workers {args.workers}",
        "client": f"httpx {harness.package_version('httpx')} AsyncClient per client, keep-alive, closed loop",
    }
    with tempfile.TemporaryDirectory(prefix="alongside-bench-") as tmp:
        data_dir = Path(tmp)
        app_env = _app_env(data_dir)
        password = _load_demo(app_env)
        port = harness.free_port()
        with harness.Server(
            _serve_command(args, port), env=app_env, log_path=data_dir / "serve.log", port=port
        ) as server:
            jars = _sign_in_many(server.base_url, MEMBER, password, args.clients)
            with _ConnectionWatch(database_url) as watch:
                result = _burst(server, args.path, jars, seconds=args.burst)
            result["postgresql_connections"] = watch.report()
            if result["server_errors"]:
                print(
                    f"alongside bench pages: the server answered 5xx; its log ends:\n"
                    f"{server.log_tail(60)}",
                    file=sys.stderr,
                )
            machine["database"]["reported_by_healthz"] = server.health.get("database")
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {"name": "pages", "machine": machine, "params": params, "results": {"burst": result}}


def _sign_in_many(base_url: str, username: str, password: str, count: int) -> list[httpx.Cookies]:
    """`count` sessions, signed in through the form a few at a time (each sign-in hashes a password)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: _sign_in(base_url, username, password), range(count)))


async def _burst_async(
    server: harness.Server, path: str, jars: list[httpx.Cookies], seconds: float
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx.AsyncClient(
            base_url=server.base_url,
            cookies=jar,
            timeout=REQUEST_TIMEOUT,
            trust_env=False,
            limits=limits,
        )
        for jar in jars
    ]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    start = asyncio.Event()

    async def one(client: httpx.AsyncClient, until: float) -> None:
        await start.wait()
        while time.perf_counter() < until:
            started = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                statuses[type(error).__name__] += 1
                continue
            statuses[str(response.status_code)] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)

    try:
        until = time.perf_counter() + seconds
        tasks = [asyncio.create_task(one(client, until)) for client in clients]
        started = time.perf_counter()
        start.set()  # every client at once
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    failures = sum(count for status, count in statuses.items() if status != "200")
    summary = harness.latency_summary(latencies, errors=failures, wall_seconds=wall)
    summary["statuses"] = dict(sorted(statuses.items()))
    summary["server_errors"] = sum(
        count for status, count in statuses.items() if status.startswith("5")
    )
    return summary


def _burst(
    server: harness.Server, path: str, jars: list[httpx.Cookies], *, seconds: float
) -> dict[str, Any]:
    work = _burst_async(server, path, jars, seconds)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


class _ConnectionWatch:
    """On PostgreSQL, how many sessions `pg_stat_activity` shows on the server's database, sampled
    every 0.1 s on a thread while the burst runs (the sampler's own connection not counted)."""

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        self.samples: list[int] = []
        self.max_connections: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _ConnectionWatch:
        if self.database_url and self.database_url.startswith("postgres"):
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url or "", autocommit=True) as connection:
            row = connection.execute("SHOW max_connections").fetchone()
            self.max_connections = int(row[0]) if row else None
            while not self._stop.wait(0.1):
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()
                self.samples.append(int(row[0]) if row else 0)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def report(self) -> dict[str, Any] | None:
        if not self.samples:
            return None
        return {
            "peak": max(self.samples),
            "median": sorted(self.samples)[len(self.samples) // 2],
            "samples": len(self.samples),
            "server_max_connections": self.max_connections,
        }
