"""`alongside bench sessions`: free-time search across many supporters for four weeks.

A throwaway program gets `--supporters` peer supporters (default 200) in four US time zones, each
with weekday hours (two stretches a day, some with Saturday mornings), a day with other hours, a few
days off, and `--sessions` booked sessions each (default 12) spread over the four weeks. Then
`--queries` searches run through `selectors.free_times`, the function the booking page and the API
call, for every supporter at once over 28 days, for a 50-minute session. The floor is the database
alone: the same five reads with no slot arithmetic. Besides wall time it reports the process's CPU
time per search, which waiting for a core on a busy shared machine does not inflate. Runs in this
process on a fresh SQLite file in a temporary directory, or on `ALONGSIDE_DATABASE_URL` when set (the
program is deleted after).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time as clock
from datetime import UTC, datetime, time, timedelta
from typing import Any

ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]


def _fill(program: Any, supporters: int, sessions: int, seed: int, now: datetime) -> list[int]:
    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, User
    from alongside.records.models import Modality
    from alongside.scheduling.models import DayException, Session, TimeOff, WeeklyHours

    rng = random.Random(seed)  # noqa: S311  # synthetic benchmark data
    tag = f"{program.slug}-"
    people = User.objects.bulk_create(
        [User(username=f"{tag}s{i}", display_name=f"Supporter {i}") for i in range(supporters)]
        + [User(username=f"{tag}m{i}", display_name=f"Member {i}") for i in range(supporters)]
    )
    staff, members = people[:supporters], people[supporters:]
    Membership.objects.bulk_create(
        [Membership(user=u, program=program, role=Role.SUPPORTER) for u in staff]
        + [Membership(user=u, program=program, role=Role.MEMBER) for u in members]
    )
    hours, exceptions, off, booked = [], [], [], []
    today = now.date()
    for supporter, member in zip(staff, members, strict=True):
        zone = rng.choice(ZONES)
        for weekday in range(5):
            hours.append((supporter, weekday, time(9), time(12), zone))
            hours.append((supporter, weekday, time(13), time(17), zone))
        if rng.random() < 0.3:
            hours.append((supporter, 5, time(10), time(13), zone))
        exceptions.append(
            DayException(
                program=program,
                supporter=supporter,
                on=today + timedelta(days=rng.randint(1, 27)),
                starts_at_time=time(15),
                ends_at_time=time(19),
                time_zone=zone,
            )
        )
        first = today + timedelta(days=rng.randint(1, 25))
        off.append(
            TimeOff(
                program=program,
                supporter=supporter,
                first_on=first,
                last_on=first + timedelta(days=rng.randint(0, 2)),
            )
        )
        for _ in range(sessions):
            start = now + timedelta(days=rng.randint(1, 27), hours=rng.randint(0, 23))
            start = start.replace(minute=rng.choice((0, 30)), second=0, microsecond=0)
            booked.append(
                Session(
                    program=program,
                    supporter=supporter,
                    member=member,
                    modality=Modality.PHONE,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=50),
                    booked_by=supporter,
                )
            )
    WeeklyHours.objects.bulk_create(
        [
            WeeklyHours(
                program=program,
                supporter=s,
                weekday=d,
                starts_at_time=a,
                ends_at_time=b,
                time_zone=z,
            )
            for s, d, a, b, z in hours
        ]
    )
    DayException.objects.bulk_create(exceptions)
    TimeOff.objects.bulk_create(off)
    Session.objects.bulk_create(booked, batch_size=2000)
    return [s.pk for s in staff]


def _floor(program: Any, ids: list[int], starts: datetime, ends: datetime) -> None:
    """The five reads `free_times` makes, and nothing else."""
    from alongside.scheduling.models import (
        DayException,
        ProposedTime,
        Session,
        TimeOff,
        WeeklyHours,
    )

    list(WeeklyHours.objects.filter(program=program, supporter_id__in=ids).values_list("pk"))
    list(DayException.objects.filter(program=program, supporter_id__in=ids).values_list("pk"))
    list(TimeOff.objects.filter(program=program, supporter_id__in=ids).values_list("pk"))
    list(
        Session.objects.busy()
        .filter(supporter_id__in=ids)
        .overlapping(starts, ends)
        .values_list("supporter_id", "starts_at", "ends_at")
    )
    list(ProposedTime.objects.filter(session__supporter_id__in=ids).values_list("pk"))


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench sessions")
    parser.add_argument("--supporters", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=12, help="booked sessions per supporter")
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(options)

    scratch = tempfile.TemporaryDirectory(prefix="alongside-bench-sessions-")
    if not os.environ.get("ALONGSIDE_DATABASE_URL"):
        os.environ["ALONGSIDE_DATA_DIR"] = scratch.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from alongside.accounts.models import Program, User
    from alongside.bench.harness import latency_summary, machine_info
    from alongside.scheduling import selectors

    call_command("migrate", verbosity=0)
    program = Program.objects.create(name="Bench", slug=f"bench-sessions-{os.getpid()}")
    now = datetime.now(UTC)
    try:
        started = clock.perf_counter()
        ids = _fill(program, args.supporters, args.sessions, args.seed, now)
        fill_seconds = clock.perf_counter() - started
        starts, ends = now, now + timedelta(days=args.days)
        timings, cpu, floor, slots = [], [], [], 0
        for _ in range(3):  # unmeasured warm-up
            selectors.free_times(
                program=program, supporter_ids=ids, starts=starts, ends=ends, minutes=50, now=now
            )
        for _ in range(args.queries):
            begin, begin_cpu = clock.perf_counter(), clock.process_time()
            found = selectors.free_times(
                program=program, supporter_ids=ids, starts=starts, ends=ends, minutes=50, now=now
            )
            timings.append(clock.perf_counter() - begin)
            cpu.append(clock.process_time() - begin_cpu)
            slots = sum(len(times) for times in found.values())
            begin = clock.perf_counter()
            _floor(program, ids, starts, ends)
            floor.append(clock.perf_counter() - begin)
        search = latency_summary(timings, errors=0, wall_seconds=sum(timings))
        # CPU time of this process alone: on a shared machine, wall time also counts the waits for
        # a core (and, on PostgreSQL, the server's share).
        on_cpu = latency_summary(cpu, errors=0, wall_seconds=sum(cpu))
        database = latency_summary(floor, errors=0, wall_seconds=sum(floor))
    finally:
        from alongside.scheduling.models import Session

        Session.objects.filter(program=program).delete()
        User.objects.filter(username__startswith=f"{program.slug}-").delete()
        program.delete()
        scratch.cleanup()
    return {
        "name": "sessions",
        "machine": machine_info(database_url=os.environ.get("ALONGSIDE_DATABASE_URL")),
        "params": {
            "supporters": args.supporters,
            "sessions_per_supporter": args.sessions,
            "days": args.days,
            "queries": args.queries,
            "seed": args.seed,
        },
        "results": {
            **{k: search[k] for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")},
            "cpu_p50_ms": on_cpu["p50_ms"],
            "cpu_p99_ms": on_cpu["p99_ms"],
            "free_times_found": slots,
            "target_ms": 200,
            "fill_seconds": round(fill_seconds, 2),
        },
        "floor": {k: database[k] for k in ("p50_ms", "p95_ms", "p99_ms")},
        "ratio_p95": round(search["p95_ms"] / database["p95_ms"], 2)
        if database["p95_ms"]
        else None,
    }
