"""Marks for the benchmark smoke tests."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bench: runs a benchmark end to end with tiny numbers (seconds, not minutes)"
    )
