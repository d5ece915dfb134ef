import pytest

from alongside.bench import BENCHMARKS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_resources_benchmark_reports_search_latency_against_the_database_floor():
    result = BENCHMARKS["resources"](["--resources", "300", "--queries", "30"])
    assert result["name"] == "resources" and result["params"]["resources"] == 300
    assert result["results"]["p95_ms"] > 0 and result["floor"]["p95_ms"] > 0
    assert result["results"]["median_results"] > 0
