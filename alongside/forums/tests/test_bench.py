"""`alongside bench forums` builds posts, searches them on this database and reports the promised shape."""

from alongside.bench import BENCHMARKS
from alongside.bench.forums import run


def test_the_forums_benchmark_reports_search_latency():
    assert BENCHMARKS["forums"] is run
    result = run(["--posts", "1500", "--queries", "30"])
    assert result["name"] == "forums"
    assert result["params"]["posts"] == 1500
    search = result["results"]["search"]
    assert search["requests"] == 30 and search["p50_ms"] <= search["p99_ms"]
    found = result["results"]["threads_found"]
    assert found["zebra"] == 0 and found["sleep"] > 0
