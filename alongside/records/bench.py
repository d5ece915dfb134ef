"""`alongside bench notes`: the notes queue of a busy supporter.

A throwaway program gets one supporter with `--members` people on their caseload, `--days` days of chat
with each (`--messages` messages a day, the supporter writing every other one, in bursts), and
`--encounters` older encounters with notes in every state. Each visit to the notes queue first brings
chat days and group meetings up to date (`encounters_from.record_recent_for`) and then reads the queue's
lists; the benchmark times that whole step with nothing new to write (the steady state) and the page
itself through Django's test client (its query count is pinned in the tests, not here). The floor is
reading the message times alone (`conversations.selectors.chat_times_of`), the one read the step cannot
avoid. Runs on a fresh
SQLite file in a temporary directory, or on `ALONGSIDE_DATABASE_URL` when set (the program is deleted
after). Messages are inserted directly (no safety model): their words are not read.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from datetime import timedelta
from typing import Any


def _fill(program: Any, args: argparse.Namespace) -> Any:
    from django.utils import timezone

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, User
    from alongside.accounts.services import link_care_team
    from alongside.conversations.models import Message
    from alongside.conversations.services import start_conversation
    from alongside.records import services
    from alongside.records.models import Modality, Source

    rng = random.Random(args.seed)  # noqa: S311  # synthetic benchmark data

    def make(name: str, role: Role) -> User:
        user = User.objects.create_user(username=f"{program.slug}-{name}", display_name=name)
        Membership.objects.create(user=user, program=program, role=role)
        return user

    supporter = make("supporter", Role.SUPPORTER)
    members = [make(f"member-{n}", Role.MEMBER) for n in range(args.members)]
    now = timezone.now()
    batch: list[Message] = []
    for member in members:
        link_care_team(program=program, member=member, staff=supporter, role=Role.SUPPORTER)
        conversation = start_conversation(member=member, supporter=supporter)
        seq = 0
        for day in range(1, args.days + 1):
            at = now - timedelta(days=day, hours=rng.randint(0, 8))
            for n in range(args.messages):
                at += timedelta(minutes=rng.choice([1, 2, 3, 15]))
                seq += 1
                batch.append(
                    Message(
                        conversation=conversation,
                        seq=seq,
                        sender=supporter if n % 2 else member,
                        client_id=uuid.uuid4(),
                        body="(benchmark)",
                        created_at=at,
                        change=seq,
                    )
                )
    Message.objects.bulk_create(batch, batch_size=2000)
    for n in range(args.encounters):
        member = members[n % len(members)]
        start = now - timedelta(days=30 + n // 10, hours=n % 10)
        encounter = services.record_encounter(
            program=program,
            supporter=supporter,
            members=[member],
            modality=rng.choice([Modality.VIDEO, Modality.PHONE, Modality.IN_PERSON]),
            started_at=start,
            ended_at=start + timedelta(minutes=rng.randint(10, 60)),
            source=Source.SESSION,
            source_id=f"bench-{n}",
        )
        if n % 4:  # three in four have a note; most of those are signed
            note = services.start_note(encounter=encounter, member=member, author=supporter)
            services.save_note(
                note=note,
                author=supporter,
                goal="A goal",
                did="Talked.",
                response="Good.",
                next_steps="Meet again.",
            )
            if n % 4 != 1:
                services.sign_note(note=note, author=supporter)
    return supporter, len(batch)


def _clean_up(program: Any) -> None:
    """Delete the throwaway program's rows; the access log is append-only, so on a shared database its
    lines (and the people they name) stay."""
    from django.db.models import ProtectedError

    from alongside.accounts.models import User
    from alongside.records.models import Encounter, Note

    Note.objects.filter(program=program).delete()
    Encounter.objects.filter(program=program).delete()
    try:
        User.objects.filter(username__startswith=f"{program.slug}-").delete()
        program.delete()
    except ProtectedError:
        pass


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench notes")
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--encounters", type=int, default=400)
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(options)

    scratch = tempfile.TemporaryDirectory(prefix="alongside-bench-notes-")
    if not os.environ.get("ALONGSIDE_DATABASE_URL"):
        os.environ["ALONGSIDE_DATA_DIR"] = scratch.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from alongside.accounts.models import Program, User
    from alongside.bench.harness import latency_summary, machine_info
    from alongside.conversations.selectors import chat_times_of
    from alongside.records import selectors
    from alongside.records.encounters_from import LOOKBACK, record_recent_for

    call_command("migrate", verbosity=0)
    program = Program.objects.create(name="Bench", slug=f"bench-notes-{os.getpid()}")
    try:
        started = time.perf_counter()
        supporter, messages = _fill(program, args)
        fill_seconds = time.perf_counter() - started
        first = time.perf_counter()
        written = record_recent_for(supporter)  # the first visit records every chat day
        first_seconds = time.perf_counter() - first

        def step() -> None:
            record_recent_for(supporter)
            list(selectors.notes_to_write(supporter))
            list(selectors.returned_notes(supporter))
            list(selectors.signed_notes_of(supporter)[:20])

        timings, floor = [], []
        for _ in range(3):  # unmeasured warm-up
            step()
        for _ in range(args.visits):
            begin = time.perf_counter()
            step()
            timings.append(time.perf_counter() - begin)
            now = timezone.now()
            begin = time.perf_counter()
            chat_times_of(supporter, since=now - LOOKBACK, until=now)
            floor.append(time.perf_counter() - begin)
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
        client = Client()
        client.force_login(User.objects.get(pk=supporter.pk))
        pages = []
        for _ in range(max(5, args.visits // 3)):
            begin = time.perf_counter()
            response = client.get(reverse("records:queue"))
            pages.append(time.perf_counter() - begin)
            if response.status_code != 200:  # a broken page is no measurement
                raise RuntimeError(f"The notes queue answered {response.status_code}.")
        queue = latency_summary(timings, errors=0, wall_seconds=sum(timings))
        page = latency_summary(pages, errors=0, wall_seconds=sum(pages))
        database = latency_summary(floor, errors=0, wall_seconds=sum(floor))
        rows = len(list(selectors.notes_to_write(supporter)))
    finally:
        _clean_up(program)
        scratch.cleanup()
    return {
        "name": "notes",
        "machine": machine_info(database_url=os.environ.get("ALONGSIDE_DATABASE_URL")),
        "params": vars(args),
        "results": {
            "messages": messages,
            "chat_days_recorded_first_visit": written,
            "first_visit_seconds": round(first_seconds, 2),
            "queue_rows": rows,
            **{f"steady_{k}": queue[k] for k in ("p50_ms", "p95_ms", "max_ms")},
            **{f"page_{k}": page[k] for k in ("p50_ms", "p95_ms")},
            "fill_seconds": round(fill_seconds, 2),
        },
        "floor": {k: database[k] for k in ("p50_ms", "p95_ms")},
        "ratio_p95": round(queue["p95_ms"] / database["p95_ms"], 2) if database["p95_ms"] else None,
    }
