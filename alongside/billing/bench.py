"""`alongside bench billing`: N signed notes (10,000 by default) → claim lines and an 837P, validated
with pyx12. Builds a program in a fresh SQLite file in a temporary directory (or on
`ALONGSIDE_DATABASE_URL` when set): 100 members with billing identities, N/100 supporters, each
supporter's notes a month of 45-minute video sessions that never overlap. Measures the queue, the export
(queue, claim lines written, 837P text) and pyx12's validation. Target (issue 18): export + validation
under 10 s."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import tempfile
import time
from typing import Any


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench billing")
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args(options)

    scratch = tempfile.TemporaryDirectory(prefix="alongside-bench-billing-")
    if not os.environ.get("ALONGSIDE_DATABASE_URL"):
        os.environ["ALONGSIDE_DATA_DIR"] = scratch.name
    os.environ.setdefault("ALONGSIDE_BILLING_KEY", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    import pyx12.params
    import pyx12.x12n_document
    from django.core.management import call_command

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Program, User
    from alongside.bench.harness import machine_info
    from alongside.billing import exports, services
    from alongside.billing.demo import DEMO_IDS, invented_facts
    from alongside.billing.selectors import queue
    from alongside.records.models import Encounter, Note, NoteState

    call_command("migrate", verbosity=0)
    stamp = int(time.time())
    program = Program.objects.create(name="Bench billing", slug=f"bench-billing-{stamp}")
    payer = services.payer_from_preset(program, "nj-horizon", **DEMO_IDS)
    payer.services.update(max_units_per_day=None)

    def people(role: Role, count: int) -> list[User]:
        made = User.objects.bulk_create(
            [
                User(username=f"bb-{stamp}-{role}-{i}", display_name=f"{role} {i}")
                for i in range(count)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, program=program, role=role) for u in made]
        )
        return made

    members = people(Role.MEMBER, 100)
    supporters = people(Role.SUPPORTER, max(1, args.notes // 100))
    for member in members:
        facts = invented_facts("Bench", "Person", member_id=f"B{member.pk:08d}")
        services.keep_identity(program=program, member=member, payer=payer, facts=facts, by=None)
    start = datetime.datetime(2026, 11, 1, 14, tzinfo=datetime.UTC)
    encounters = Encounter.objects.bulk_create(
        [
            Encounter(
                program=program,
                supporter=supporters[i % len(supporters)],
                modality="video",
                started_at=(
                    at := start + datetime.timedelta(days=(i // 100) % 25, hours=(i // 100) // 25)
                ),
                ended_at=at + datetime.timedelta(minutes=45),
                place_of_service="10",
                source="session",
                source_id=f"bench-{i}",
            )
            for i in range(args.notes)
        ],
        batch_size=2000,
    )
    signed = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    Note.objects.bulk_create(
        [
            Note(
                program=program,
                encounter=e,
                member=members[i % 100],
                author=e.supporter,
                state=NoteState.FINAL,
                signed_at=signed,
                final_at=signed,
                release_at=signed,
            )
            for i, e in enumerate(encounters)
        ],
        batch_size=2000,
    )
    first, last = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    t0 = time.perf_counter()
    lines = queue(program, first, last)
    t1 = time.perf_counter()
    batch, text = exports.export(program, payer, first, last, fmt="837p", by=None)
    t2 = time.perf_counter()
    ack = io.StringIO()
    valid = pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), ack, None)
    t3 = time.perf_counter()
    return {
        "name": "billing",
        "machine": machine_info(database_url=os.environ.get("ALONGSIDE_DATABASE_URL")),
        "params": {"notes": args.notes, "members": 100, "supporters": len(supporters)},
        "results": {
            "queue_lines": len(lines),
            "claim_lines": batch.lines.count() if batch else 0,
            "segments": text.count("~"),
            "queue_s": round(t1 - t0, 2),
            "export_s": round(t2 - t1, 2),
            "validate_s": round(t3 - t2, 2),
            "export_and_validate_s": round(t3 - t1, 2),
            "valid_837p": bool(valid),
            "target_s": 10,
        },
    }
