"""`alongside bench reports`: the director's dashboard and a year's exports on a large program.

With `--program SLUG` it measures a program already in the database (say, after `alongside demo --size
large`); otherwise it builds one with `large.build` (5,000 members, 200 supporters, a year: about a
million messages, 50,000 encounters, 20,000 questionnaires; smaller with the options) in a fresh SQLite
file in a temporary directory, or on `ALONGSIDE_DATABASE_URL` when set. Then, for the year to
yesterday: the worker's computation of the stored report, the dashboard page read through the test
client by a signed-in, two-step-verified administrator (time and number of queries), and each export
(CSV, XLSX, PDF) made as the worker makes it. The floor is the page with the same shell and no report
(the program settings page), so the ratio says what the report itself costs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from typing import Any


def _admin_client(program: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, User

    admin, _ = User.objects.get_or_create(
        username=f"bench-reports-admin-{program.pk}", defaults={"display_name": "Bench admin"}
    )
    Membership.objects.get_or_create(user=admin, program=program, role=Role.ADMIN)
    device, _ = TOTPDevice.objects.get_or_create(
        user=admin, name="bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, admin


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench reports")
    parser.add_argument("--program", help="measure this existing program instead of building one")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--supporters", type=int, default=200)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--encounters", type=int, default=50_000)
    parser.add_argument("--questionnaires", type=int, default=20_000)
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args(options)

    scratch = tempfile.TemporaryDirectory(prefix="alongside-bench-reports-")
    if not args.program and not os.environ.get("ALONGSIDE_DATABASE_URL"):
        os.environ["ALONGSIDE_DATA_DIR"] = scratch.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Program, User
    from alongside.accounts.selectors import today_in
    from alongside.bench.harness import latency_summary, machine_info
    from alongside.reports import exports, large, services
    from alongside.reports.models import Export, ExportKind, Snapshot

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    built: dict[str, Any] = {}
    if args.program:
        program = Program.objects.get(slug=args.program)
    else:
        call_command("migrate", verbosity=0)
        program = Program.objects.create(name="Bench", slug=f"bench-reports-{os.getpid()}")
        clinician = User.objects.create(username=f"bench-reports-clinician-{program.pk}")
        Membership.objects.create(user=clinician, program=program, role=Role.CLINICIAN)  # hand-offs
        size = large.Size(
            members=args.members,
            supporters=args.supporters,
            messages=args.messages,
            encounters=args.encounters,
            questionnaires=args.questionnaires,
        )
        built = large.build(program, size, say=lambda _line: None)
    try:
        starts_on, ends_on = large.year_to_yesterday(today_in(program))
        snapshot, _ = Snapshot.objects.get_or_create(
            program=program, starts_on=starts_on, ends_on=ends_on
        )
        begin = time.perf_counter()
        services.compute_snapshot(snapshot_id=snapshot.pk, schedule=False)
        compute_seconds = time.perf_counter() - begin

        client, admin = _admin_client(program)
        url = reverse("reports:dashboard")
        period = {"start": starts_on.isoformat(), "end": ends_on.isoformat()}
        floor_url = reverse("accounts:program-settings")
        client.get(url, period)
        client.get(floor_url)
        timings, floor = [], []
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any) -> Any:
            queries.append(sql)
            return execute(sql, *rest)

        for _ in range(args.renders):
            queries.clear()  # a request resets Django's own query log, so count with a wrapper
            begin = time.perf_counter()
            with connection.execute_wrapper(count):
                response = client.get(url, period)
            timings.append(time.perf_counter() - begin)
            assert response.status_code == 200, response.status_code  # noqa: S101
            begin = time.perf_counter()
            client.get(floor_url)
            floor.append(time.perf_counter() - begin)
        page = latency_summary(timings, errors=0, wall_seconds=sum(timings))
        shell = latency_summary(floor, errors=0, wall_seconds=sum(floor))

        export_seconds: dict[str, float] = {}
        for kind in (ExportKind.CSV, ExportKind.XLSX, ExportKind.PDF):
            export = Export.objects.create(
                program=program, requested_by=admin, kind=kind, starts_on=starts_on, ends_on=ends_on
            )
            begin = time.perf_counter()
            content, _name = exports.build(export, progress=lambda _p: None)
            export_seconds[kind.value] = round(time.perf_counter() - begin, 2)
            export_seconds[f"{kind.value}_bytes"] = len(content)
    finally:
        # A scratch SQLite file goes with its directory; a program built on a real database stays
        # (deleting a million messages through the ORM would take longer than the benchmark).
        scratch.cleanup()
    return {
        "name": "reports",
        "machine": machine_info(database_url=os.environ.get("ALONGSIDE_DATABASE_URL")),
        "params": {**vars(args), "period": [starts_on.isoformat(), ends_on.isoformat()]},
        "results": {
            "built": built,
            "compute_seconds": round(compute_seconds, 2),
            "dashboard": {k: page[k] for k in ("p50_ms", "p95_ms", "max_ms")},
            "dashboard_queries": len(queries),
            "export_seconds": export_seconds,
        },
        "floor": {k: shell[k] for k in ("p50_ms", "p95_ms", "max_ms")},
        "ratio_p95": round(page["p95_ms"] / shell["p95_ms"], 2) if shell["p95_ms"] else None,
    }
