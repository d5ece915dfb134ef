"""ALONGSIDE_REDIS_PREFIX keeps installs (and test runs, and their xdist workers) apart on one Redis."""

import os

import pytest

from alongside.common import env


def test_the_prefix_is_optional_and_kept_as_given(monkeypatch):
    monkeypatch.delenv("ALONGSIDE_REDIS_PREFIX", raising=False)
    assert env.redis_prefix("ALONGSIDE_REDIS_PREFIX") is None
    monkeypatch.setenv("ALONGSIDE_REDIS_PREFIX", "harbor-peers.1")
    assert env.redis_prefix("ALONGSIDE_REDIS_PREFIX") == "harbor-peers.1"


def test_a_bad_prefix_names_the_variable(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_REDIS_PREFIX", "two words")
    with pytest.raises(env.ConfigError, match="ALONGSIDE_REDIS_PREFIX"):
        env.redis_prefix("ALONGSIDE_REDIS_PREFIX")


def test_each_test_worker_has_a_prefix_and_a_data_dir_of_its_own(settings):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    assert settings.REDIS_PREFIX and settings.REDIS_PREFIX.startswith("alongside-test-")
    if worker:
        assert settings.REDIS_PREFIX.endswith(f"-{worker}")
        assert settings.DATA_DIR.name == worker
    if settings.REDIS_URL:
        assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] == settings.REDIS_PREFIX
        assert settings.CACHES["default"]["KEY_PREFIX"] == settings.REDIS_PREFIX
