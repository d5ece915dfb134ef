"""`alongside bench resources`: directory search on a large synthetic directory.

A throwaway program gets `--resources` synthetic entries (default 10,000) spread over the gazetteer's
demo area, with mixed needs, languages and hours (some overnight, some 24/7) in four time zones. Then
`--queries` searches run through `selectors.search`, the function the page and the API call, cycling
through need × place × language × open-now combinations. The floor is the database alone: the same
filtered rows fetched as the search's first pass fetches them, with no distance or open-now work and
without reading the shown rows in full. Runs in this process on a fresh SQLite file
in a temporary directory, or on `ALONGSIDE_DATABASE_URL` when set (the program is deleted after).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from typing import Any

ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]


def _hours(rng: random.Random) -> dict[str, list[list[str]]]:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    kind = rng.random()
    if kind < 0.1:
        return {d: [["00:00", "24:00"]] for d in days}
    if kind < 0.2:
        return {d: [["19:00", "07:00"]] for d in days}
    return {d: [["09:00", "17:00"]] for d in days[:5]}


def _fill(program: Any, count: int, seed: int) -> None:
    from alongside.resources.geo import gazetteer
    from alongside.resources.models import Need, Resource, pack

    rng = random.Random(seed)  # noqa: S311  # synthetic benchmark data
    places = list(gazetteer().values())
    batch = []
    for index in range(count):
        place = rng.choice(places)
        batch.append(
            Resource(
                program=program,
                external_id=f"bench-{index}",
                name=f"Bench place {index}",
                needs=pack(rng.sample(Need.values, k=rng.randint(1, 2))),
                languages=pack(["en", *(["es"] if rng.random() < 0.4 else [])]),
                latitude=place.latitude + rng.uniform(-0.05, 0.05),
                longitude=place.longitude + rng.uniform(-0.05, 0.05),
                time_zone=rng.choice(ZONES),
                hours=_hours(rng),
            )
        )
        if len(batch) == 2000:
            Resource.objects.bulk_create(batch)
            batch = []
    Resource.objects.bulk_create(batch)


def run(options: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="alongside bench resources")
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(options)

    scratch = tempfile.TemporaryDirectory(prefix="alongside-bench-resources-")
    if not os.environ.get("ALONGSIDE_DATABASE_URL"):
        os.environ["ALONGSIDE_DATA_DIR"] = scratch.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from alongside.accounts.models import Program
    from alongside.bench.harness import latency_summary, machine_info
    from alongside.resources import selectors
    from alongside.resources.geo import bounding_box, locate
    from alongside.resources.models import Need, Resource

    call_command("migrate", verbosity=0)
    program = Program.objects.create(name="Bench", slug=f"bench-resources-{os.getpid()}")
    try:
        started = time.perf_counter()
        _fill(program, args.resources, args.seed)
        fill_seconds = time.perf_counter() - started
        rng = random.Random(args.seed + 1)  # noqa: S311  # synthetic benchmark data
        combos: list[dict[str, Any]] = [
            {
                "need": rng.choice(["", *Need.values]),
                "near": rng.choice([None, locate("RB01"), locate("Northgate"), locate("RB10")]),
                "language": rng.choice(["", "", "es"]),
                "open_now": rng.random() < 0.5,
            }
            for _ in range(args.queries)
        ]
        timings, floor, hits = [], [], []
        for combo in combos[:20]:  # unmeasured warm-up
            selectors.search(program, **combo)
        for combo in combos:
            begin = time.perf_counter()
            results = selectors.search(program, **combo)
            timings.append(time.perf_counter() - begin)
            hits.append(results.total)
            query = Resource.objects.filter(program=program)
            if combo["need"]:
                query = query.filter(needs__contains=f"|{combo['need']}|")
            if combo["language"]:
                query = query.filter(languages__contains=f"|{combo['language']}|")
            if combo["near"] is not None:
                low_lat, high_lat, low_lon, high_lon = bounding_box(combo["near"], 25.0)
                query = query.filter(
                    latitude__range=(low_lat, high_lat), longitude__range=(low_lon, high_lon)
                )
            rows = query.annotate(text=Cast("hours", output_field=TextField()))
            begin = time.perf_counter()
            list(rows.values_list("pk", "latitude", "longitude", "time_zone", "text"))
            floor.append(time.perf_counter() - begin)
        search = latency_summary(timings, errors=0, wall_seconds=sum(timings))
        database = latency_summary(floor, errors=0, wall_seconds=sum(floor))
    finally:
        Resource.objects.filter(program=program).delete()
        program.delete()
        scratch.cleanup()
    return {
        "name": "resources",
        "machine": machine_info(database_url=os.environ.get("ALONGSIDE_DATABASE_URL")),
        "params": {"resources": args.resources, "queries": args.queries, "seed": args.seed},
        "results": {
            **{k: search[k] for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")},
            "median_results": sorted(hits)[len(hits) // 2],
            "fill_seconds": round(fill_seconds, 2),
        },
        "floor": {k: database[k] for k in ("p50_ms", "p95_ms", "p99_ms")},
        "ratio_p95": round(search["p95_ms"] / database["p95_ms"], 2)
        if database["p95_ms"]
        else None,
    }
