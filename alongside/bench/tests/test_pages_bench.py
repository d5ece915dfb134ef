"""`alongside bench pages` end to end with tiny numbers: every page answers, nothing about speed."""

import json

import pytest

from alongside.bench.pages import PAGES
from alongside.cli import main

pytestmark = pytest.mark.bench


def test_pages_benchmark_reports_every_page_with_no_errors(monkeypatch, capsys):
    # A throwaway SQLite file in a temporary data dir: never the database the other tests use.
    monkeypatch.delenv("ALONGSIDE_DATABASE_URL", raising=False)

    exit_code = main(
        ["bench", "pages", "--clients", "2", "--requests", "5", "--warmup", "1", "--json"]
    )

    assert exit_code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["name"] == "pages"
    assert report["machine"]["database"]["reported_by_healthz"] == "sqlite"
    assert report["params"]["clients"] == 2
    floor, pages = report["results"]["floor"], report["results"]["pages"]
    assert floor["errors"] == 0
    assert floor["p50_ms"] > 0
    assert sorted(pages) == sorted(path for path, _ in PAGES)
    for path, result in pages.items():
        assert (path, result["requests"], result["errors"]) == (path, 10, 0), result["error_kinds"]
        assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"], path
        assert result["throughput_rps"] > 0, path
        assert result["ratio_p50"] > 0, path
        assert "server_cpu_ms_per_request" in result, path


def test_pages_benchmark_rejects_nonsense_options():
    with pytest.raises(SystemExit):
        main(["bench", "pages", "--clients", "0"])


def test_a_burst_reports_every_answer_by_status(monkeypatch, capsys):
    monkeypatch.delenv("ALONGSIDE_DATABASE_URL", raising=False)

    exit_code = main(["bench", "pages", "--clients", "3", "--burst", "1", "--json"])

    assert exit_code == 0
    burst = json.loads(capsys.readouterr().out)["results"]["burst"]
    assert burst["statuses"].get("200", 0) > 0
    assert sum(burst["statuses"].values()) == burst["requests"]
    assert burst["server_errors"] == 0
    assert burst["postgresql_connections"] is None  # counted on PostgreSQL only
