"""The `alongside` command: up, serve, worker, demo, bench, audit, manage."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    # Django's ASGI handler does not speak the lifespan protocol, so uvicorn is told not to try.
    uvicorn.run(
        "alongside.asgi:served",  # a factory: each worker process sets itself up for serving
        factory=True,
        host=host,
        port=port,
        workers=workers,
        lifespan="off",
        log_level="warning",
        # uvicorn kills a worker that has not answered its supervisor's ping for this long. Its default
        # of 5 s killed busy workers in a burst (300 clients on two workers on a loaded machine), and
        # every request they held with them; a hung worker is still replaced, after a minute.
        timeout_worker_healthcheck=60,
        **proxy_options(),
    )


def proxy_options() -> dict[str, Any]:
    """uvicorn believes X-Forwarded-For/-Proto only from ALONGSIDE_TRUSTED_PROXIES. Its own default
    trusts 127.0.0.1, so any client of a server without a proxy in front could name its own address
    and slip past the sign-in lockout and into the access log as someone else."""
    from django.conf import settings

    proxies = list(settings.TRUSTED_PROXIES)
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies}


def _stop_with_parent() -> None:
    """In the worker, before it starts (Linux): be sent SIGTERM when the server process ends, however it
    ends — uvicorn re-raises SIGTERM after its graceful shutdown, which skips our own clean-up."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@contextmanager
def _worker(wanted: bool = True) -> Iterator[None]:
    """The background worker (reminders, escalation timers, follow-ups) as a child process for as long as
    the server runs: without it an unacknowledged crisis alert would never move on to the backup."""
    if not wanted:
        yield
        return
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "alongside.cli", "worker"], preexec_fn=_stop_with_parent
    )
    try:
        yield
    finally:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


def command_name() -> str:
    """How to type this command again from here: `alongside` when that finds this very script on the
    PATH, else the path it was started by (`.venv/bin/alongside` in the README's install)."""
    started_by = sys.argv[0]
    if os.path.basename(started_by) != "alongside":  # `python -m alongside.cli`
        return f"{_shortest(sys.executable)} -m alongside.cli"
    on_path = shutil.which("alongside")
    if on_path and os.path.realpath(on_path) == os.path.realpath(started_by):
        return "alongside"
    return _shortest(started_by)


def _shortest(path: str) -> str:
    """`path` relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    if relative.startswith(".."):
        return os.path.abspath(path)
    return relative if os.sep in relative else f".{os.sep}{relative}"


def _no_database_here() -> str | None:
    """Why `alongside demo --code` has nothing to read, in one line, before Django is set up: setting it
    up would create the data directory, and an empty database answers with a traceback."""
    if os.environ.get("ALONGSIDE_DATABASE_URL"):
        return None
    data_dir = os.environ.get("ALONGSIDE_DATA_DIR") or os.path.join(os.getcwd(), "var")
    database = os.path.join(data_dir, "alongside.sqlite3")  # as `common.env.database` names it
    if os.path.exists(database):
        return None
    return (
        f"alongside demo --code: no database in {data_dir}; set ALONGSIDE_DATA_DIR to the data "
        "directory `alongside up` uses (or ALONGSIDE_DATABASE_URL), or run `alongside up` first."
    )


def cmd_up(args: argparse.Namespace) -> int:
    _setup_django()
    from alongside import demo

    _migrate()
    if not demo.is_loaded():
        print("Loading the synthetic demo program (first run only)…", flush=True)
        demo.load()
    url = f"http://{args.host if args.host not in ('0.0.0.0', '::') else '127.0.0.1'}:{args.port}/"  # noqa: S104
    print(f"\nAlongside is running at {url}\n")
    print(demo.logins_text(command_name()))
    print("\nPress Ctrl+C to stop.", flush=True)
    with _worker():
        _serve(args.host, args.port, workers=1)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    if not args.no_migrate:
        _migrate()
    background = "no background worker" if args.no_worker else "a background worker"
    print(
        f"Alongside serving on http://{args.host}:{args.port}/ with {args.workers} worker(s)"
        f" and {background}.",
        flush=True,
    )
    with _worker(not args.no_worker):
        _serve(args.host, args.port, workers=args.workers)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run background tasks as they fall due (django-tasks' database worker); `--batch` runs what is due
    now and stops."""
    _setup_django()
    from django.core.management import call_command

    options = {"batch": True} if args.batch else {}
    call_command("db_worker", verbosity=0, **options)
    return 0


def _print_code(username: str) -> int:
    if (problem := _no_database_here()) is not None:
        print(problem, file=sys.stderr)
        return 2
    _setup_django()
    from django.db import DatabaseError

    from alongside import demo

    try:
        print(demo.current_code(username))
    except DatabaseError:
        print(
            "alongside demo --code: the database holds no demo program yet; run `alongside up` or"
            " `alongside demo` first.",
            file=sys.stderr,
        )
        return 2
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.code:
        return _print_code(args.code)
    _setup_django()
    from alongside import demo

    _migrate()
    if args.reset:
        demo.reset()
    if demo.is_loaded():
        print("The demo program is already loaded (use --reset to load it afresh).")
    else:
        demo.load(size=args.size)
        print("Loaded the synthetic demo program.")
    print(demo.logins_text(command_name()))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from alongside.bench import BENCHMARKS

    if args.name not in BENCHMARKS:
        print(
            f"alongside bench: no benchmark named {args.name!r}; choose from {', '.join(BENCHMARKS)}.",
            file=sys.stderr,
        )
        return 2
    options = [option for option in args.options if option != "--json"]
    result = BENCHMARKS[args.name](options)
    if args.json or "--json" in args.options:
        print(json.dumps(result, indent=2))
    else:
        print(json.dumps(result["results"], indent=2))
    return 0


def cmd_safety(args: argparse.Namespace) -> int:
    """`alongside safety retrain|activate …`: the management commands safety_retrain/safety_activate."""
    return cmd_manage(argparse.Namespace(rest=[f"safety_{args.action}", *args.rest]))


def cmd_billing(args: argparse.Namespace) -> int:
    """`alongside billing export --program SLUG --from … --to … --format 837p|csv --out FILE` and
    `alongside billing remit FILE.835`."""
    return cmd_manage(argparse.Namespace(rest=["billing", *args.rest]))


def cmd_report(args: argparse.Namespace) -> int:
    """`alongside report --program SLUG --from … --to … [--json]`: the management command report."""
    rest = ["report", "--program", args.program, "--from", args.start, "--to", args.end]
    return cmd_manage(argparse.Namespace(rest=[*rest, *(["--json"] if args.json else [])]))


def cmd_audit(args: argparse.Namespace) -> int:
    """`alongside audit verify`: whether the access log holds; exit 1 when it does not."""
    _setup_django()
    from alongside.audit.services import verify_chain

    check = verify_chain()
    if check.holds:
        print(f"The access log holds: {check.entries} entries, none changed or missing.")
        return 0
    if check.broken_at is not None:
        print(
            f"The access log does NOT hold: entry {check.broken_at} does not follow from the one"
            " before it (it or an earlier one was changed or removed).",
            file=sys.stderr,
        )
    else:
        print(
            f"The access log does NOT hold: it ends after {check.entries} entries, before its"
            " stored head (its newest entries, or all, were removed).",
            file=sys.stderr,
        )
    return 1


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alongside", description="Alongside: peer support, in one place."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="migrate, load the demo on first run, and serve")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8000)
    up.set_defaults(func=cmd_up)

    serve = commands.add_parser(
        "serve", help="serve HTTP and WebSocket for production (no demo data)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--no-migrate", action="store_true", help="skip applying database migrations"
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="run no background worker here (when another process runs `alongside worker`)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = commands.add_parser(
        "worker", help="run background tasks: reminders, escalation timers, follow-ups"
    )
    worker.add_argument("--batch", action="store_true", help="run what is due now, then stop")
    worker.set_defaults(func=cmd_worker)

    demo = commands.add_parser("demo", help="(re)load the synthetic demo program")
    demo.add_argument(
        "--reset", action="store_true", help="remove the demo program and load it afresh"
    )
    demo.add_argument(
        "--size",
        choices=["normal", "large"],
        default="normal",
        help="large: add 5,000 members, 200 supporters and a year of activity (for benchmarks)",
    )
    demo.add_argument(
        "--code", metavar="USERNAME", help="print a demo staff account's current two-step code"
    )
    demo.set_defaults(func=cmd_demo)

    bench = commands.add_parser("bench", help="run a benchmark and print JSON")
    bench.add_argument("name")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("options", nargs=argparse.REMAINDER, help="options of the benchmark itself")
    bench.set_defaults(func=cmd_bench)

    safety = commands.add_parser(
        "safety", help="the crisis model: retrain from staff labels, activate", add_help=False
    )
    safety.add_argument("action", choices=["retrain", "activate"])
    safety.add_argument("rest", nargs=argparse.REMAINDER)
    safety.set_defaults(func=cmd_safety)

    billing = commands.add_parser(
        "billing", help="claims: export as X12 837P or CSV; read an 835 remittance", add_help=False
    )
    billing.add_argument("rest", nargs=argparse.REMAINDER)
    billing.set_defaults(func=cmd_billing)

    report = commands.add_parser("report", help="a program's report figures for a period")
    report.add_argument("--program", required=True, metavar="SLUG")
    report.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    report.add_argument("--json", action="store_true", help="the figures as JSON")
    report.set_defaults(func=cmd_report)

    audit = commands.add_parser("audit", help="the access log: verify that it holds")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(func=cmd_audit)

    manage = commands.add_parser("manage", help="Django's management commands", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
