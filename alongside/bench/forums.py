"""`alongside bench forums`: full-text search across a program's boards with 100,000 posts.

One run, in a child process with a database of its own:
1. SQLite (the embedded default): a fresh file in a temporary directory. PostgreSQL, when
   ALONGSIDE_DATABASE_URL is set (or --database-url): a scratch database `<name>_bench_forums` on that
   server, created for the run and dropped after it; nothing is written to the configured database.
2. Migrate, then build a synthetic program: 200 people, a board per topic, `--posts` posts (about ten
   per thread) written from a fixed vocabulary by a seeded generator, bulk-inserted so that the
   database's own machinery keeps the search index in step (FTS5 triggers; a generated tsvector).
3. Time `alongside.forums.selectors.search(program, q)` — the very call the page and the API make,
   thread rows included — over a fixed mix of queries: common words, rare words, two-word queries and
   a query that matches nothing. A few warm-up calls are not measured.

Prints p50/p95/p99 in milliseconds, the build time, and how many threads the queries found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import harness

QUERIES = [
    "sleep",
    "walk",
    "medication",
    "sister",
    "panic attack",
    "therapy helped",
    "gardening",
    "anniversary",
    "night shift",
    "relapse",
    "lighthouse",  # rare
    "volunteering",
    "kitchen",
    "zebra",  # never written: matches nothing
]

OPENINGS = [
    "Today I",
    "This week I",
    "Last night I",
    "Lately I have",
    "Since the winter I",
    "After group I",
    "Honestly I",
    "For the first time I",
    "Again I",
    "Slowly I",
]
VERBS = [
    "could not sleep",
    "went for a walk",
    "talked to my sister",
    "skipped my medication",
    "tried the breathing exercise",
    "had a panic attack",
    "went back to therapy",
    "felt a bit lighter",
    "cooked a real meal in the kitchen",
    "called the warmline",
    "worked a night shift",
    "started gardening again",
    "thought about a relapse",
    "got through the anniversary",
    "went volunteering at the food bank",
    "wrote in my journal",
    "saw my doctor",
    "spent the day in bed",
    "laughed with a friend",
    "sat by the river",
]
ENDINGS = [
    "and it helped a little.",
    "and I am proud of that.",
    "but it was hard.",
    "and I wanted to share.",
    "Does anyone else feel this way?",
    "Thank you for reading.",
    "One day at a time.",
    "and therapy helped me see it.",
    "I keep going.",
    "and the night felt shorter.",
]
RARE = ["lighthouse", "accordion", "origami", "marathon", "telescope"]


def _sentence(rng: random.Random) -> str:
    words = f"{rng.choice(OPENINGS)} {rng.choice(VERBS)} {rng.choice(ENDINGS)}"
    if rng.random() < 0.01:
        words += f" I saw a {rng.choice(RARE)}."
    return words


def _scratch_url(database_url: str) -> tuple[str, str, str]:
    """(admin url, scratch url, scratch name) for a PostgreSQL url."""
    parts = urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench_forums"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}")), name


def _build(n_posts: int, seed: int) -> tuple[Any, float]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Program, User
    from alongside.forums import services
    from alongside.forums.models import Board, Post, Thread

    rng = random.Random(seed)  # noqa: S311  # synthetic benchmark data
    started = time.perf_counter()
    program = Program.objects.create(name="Bench Peers", slug="bench-forums")
    password = make_password(None)
    people = User.objects.bulk_create(
        [
            User(username=f"bench-{i}", display_name=f"Peer {i}", password=password)
            for i in range(200)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, program=program, role=Role.MEMBER) for u in people]
    )
    services.ensure_boards(program)
    boards = list(Board.objects.filter(program=program))
    now = timezone.now()
    n_threads = max(1, n_posts // 10)
    batch = 2000
    with transaction.atomic():
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    board=rng.choice(boards),
                    program=program,
                    author=rng.choice(people),
                    title=_sentence(rng)[:120],
                    is_anonymous=rng.random() < 0.2,
                    last_post_at=now,
                )
                for _ in range(n_threads)
            ],
            batch_size=batch,
        )
    written = 0
    while written < n_posts:
        rows = []
        for index in range(written, min(n_posts, written + batch)):
            thread = threads[index % n_threads]
            opening = index < n_threads
            body = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
            rows.append(
                Post(
                    thread=thread,
                    author=rng.choice(people),
                    is_opening=opening,
                    body=body,
                    body_html=f"<p>{body}</p>",
                    search_text=f"{thread.title}\n{body}" if opening else body,
                    warnings=["grief"] if rng.random() < 0.1 else [],
                )
            )
        with transaction.atomic():
            Post.objects.bulk_create(rows)
        written += len(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE forums_post")
            cursor.execute("ANALYZE forums_thread")
        else:
            cursor.execute("INSERT INTO forums_post_fts(forums_post_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return program, time.perf_counter() - started


def child(options: argparse.Namespace) -> dict[str, Any]:
    """Runs in the child process, with the database chosen by the environment."""
    import django
    from django.core.management import call_command

    os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
    django.setup()
    from django.db import connection

    from alongside.forums.selectors import search

    call_command("migrate", verbosity=0, interactive=False)
    program, build_seconds = _build(options.posts, options.seed)
    for query in QUERIES[:5]:
        search(program, query)  # warm the caches
    seconds: list[float] = []
    found: dict[str, int] = {}
    for index in range(options.queries):
        query = QUERIES[index % len(QUERIES)]
        began = time.perf_counter()
        threads = search(program, query)
        seconds.append(time.perf_counter() - began)
        found[query] = len(threads)
    summary = harness.latency_summary(seconds, errors=0, wall_seconds=sum(seconds))
    return {
        "vendor": connection.vendor,
        "build_seconds": round(build_seconds, 1),
        "search": {k: summary[k] for k in ("requests", "p50_ms", "p95_ms", "p99_ms", "max_ms")},
        "threads_found": found,
    }


def parse_options(options: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="alongside bench forums", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--posts", type=int, default=100_000, help="posts to build (default 100000)"
    )
    parser.add_argument("--queries", type=int, default=700, help="measured searches (default 700)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("ALONGSIDE_DATABASE_URL", ""),
        help="a PostgreSQL server to make a scratch database on (default: SQLite)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(options)


def run(options: list[str]) -> dict[str, Any]:
    args = parse_options(options)
    with tempfile.TemporaryDirectory(prefix="alongside-bench-forums-") as data_dir:
        env = {**os.environ, "ALONGSIDE_DATA_DIR": data_dir}
        env.pop("ALONGSIDE_REDIS_URL", None)  # search needs no channel layer
        scratch = None
        if args.database_url:
            import psycopg

            admin, url, scratch = _scratch_url(args.database_url)
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
                connection.execute(f'CREATE DATABASE "{scratch}"')
            env["ALONGSIDE_DATABASE_URL"] = url
        else:
            env.pop("ALONGSIDE_DATABASE_URL", None)
        try:
            command = [
                sys.executable,
                "-m",
                "alongside.bench.forums",
                "--child",
                "--posts",
                str(args.posts),
                "--queries",
                str(args.queries),
                "--seed",
                str(args.seed),
            ]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise RuntimeError(f"bench forums child failed:\n{done.stderr[-3000:]}")
            results = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if scratch is not None:
                with psycopg.connect(admin, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return {
        "name": "forums",
        "machine": harness.machine_info(database_url=args.database_url or None),
        "params": {"posts": args.posts, "queries": args.queries, "seed": args.seed},
        "results": results,
    }


if __name__ == "__main__":
    parsed = parse_options(sys.argv[1:])
    if parsed.child:
        print(json.dumps(child(parsed)))
    else:
        print(json.dumps(run(sys.argv[1:]), indent=2))
