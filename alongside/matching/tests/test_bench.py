"""`alongside bench matching` prints the promised shape, beats greedy, and checks itself on small programs."""

from alongside.bench.matching import run


def test_the_matching_benchmark_reports_an_optimum_at_least_greedy():
    result = run(["--requests", "300", "--supporters", "60"])
    assert result["name"] == "matching"
    assert set(result["results"]) >= {"seconds", "objective", "assigned"}
    assert set(result["baseline"]) >= {"seconds", "objective"}
    assert result["results"]["objective"] >= result["baseline"]["objective"]
    assert result["results"]["small_instances_match_dense_optimum"] is True
