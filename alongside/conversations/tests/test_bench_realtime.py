"""`alongside bench realtime` end to end with tiny numbers: everything sent arrives once; no speed claims."""

import json
import os

import pytest

from alongside.cli import main


def test_realtime_benchmark_delivers_everything_once(monkeypatch, capsys):
    # A throwaway SQLite file and the in-memory layer: never the databases the other tests use.
    monkeypatch.delenv("ALONGSIDE_DATABASE_URL", raising=False)
    monkeypatch.delenv("ALONGSIDE_REDIS_URL", raising=False)
    options = [
        "--clients",
        "6",
        "--rooms",
        "2",
        "--rate",
        "2",
        "--duration",
        "2",
        "--warmup",
        "0.5",
    ]

    assert main(["bench", "realtime", *options, "--json"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["name"] == "realtime" and report["params"]["clients"] == 6
    for side in (report["results"], report["floor"]):
        assert side["sent"] > 0 and side["acked"] == side["sent"]
        assert side["delivered"] == side["sent"] * 2  # two others in each room of three
        assert (side["lost"], side["duplicated"]) == (0, 0)
        assert 0 < side["p50_ms"] <= side["p99_ms"]
        # Measured (CPU time comes in 10 ms ticks, so a run this small may show 0 for the floor).
        assert side["server_cpu_ms_per_msg"] >= 0 and side["server_cpu_cores"] >= 0
        assert side["connect_cpu_ms_per_client"] >= 0  # the server's CPU for each connect
    assert report["results"]["server_cpu_ms_per_msg"] > 0
    assert report["results"]["stored"] >= report["results"]["sent"]
    assert report["ratio"] > 0


def test_realtime_benchmark_refuses_rooms_of_one():
    with pytest.raises(SystemExit):
        main(["bench", "realtime", "--clients", "3", "--rooms", "2"])


def test_a_second_run_on_the_same_postgresql_database_stops_at_once():
    url = os.environ.get("ALONGSIDE_DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL only: SQLite runs each have a file of their own")
    import psycopg

    from alongside.bench import realtime

    with psycopg.connect(url, autocommit=True) as first:  # as a run in progress holds it
        first.execute("SELECT pg_advisory_lock(%s)", [realtime.ONE_AT_A_TIME])
        with pytest.raises(SystemExit, match="run one at a time"), realtime._alone_on(url):
            pass
    with realtime._alone_on(url):  # once the first is done, the next may run
        pass
