"""The numbers every benchmark reports."""

import math

from alongside.bench.harness import latency_summary, percentile


def test_percentile_interpolates_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0]  # unsorted on purpose
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 100) == 4.0
    assert math.isclose(percentile(values, 95), 3.85)
    assert math.isnan(percentile([], 50))


def test_latency_summary_is_in_milliseconds_and_counts_errors_as_requests():
    summary = latency_summary([0.010, 0.020, 0.030], errors=1, wall_seconds=0.5)
    assert summary["requests"] == 4
    assert summary["errors"] == 1
    assert summary["p50_ms"] == 20.0
    assert summary["throughput_rps"] == 6.0  # successful answers per second
