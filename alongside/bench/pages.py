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
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
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
    args = parser.parse_args(options)
    for name in ("clients", "requests"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    return args


def run(options: list[str]) -> dict[str, Any]:
    args = parse_options(options)
    database_url = os.environ.get("ALONGSIDE_DATABASE_URL", "").strip() or None
    machine = harness.machine_info(database_url=database_url)
    params = {
        "clients": args.clients,
        "requests_per_client": args.requests,
        "warmup_per_client": args.warmup,
        "workers": 1,
        "server": "alongside serve --workers 1",
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
    command = harness.python_command(
        *("-m", "alongside.cli", "serve", "--workers", "1", "--no-migrate", "--no-worker"),
        *("--host", harness.HOST, "--port", str(port)),
    )
    with harness.Server(command, env=env, log_path=data_dir / "serve.log", port=port) as server:
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
