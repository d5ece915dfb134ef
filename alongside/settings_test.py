"""Test settings: only overrides of `alongside.settings` (fast hashing, immediate tasks)."""

import os
import secrets
import tempfile
from pathlib import Path

# A data dir per test run, so that two runs on one machine never share a file-backed test database.
# Subprocesses started by tests inherit it through the environment.
os.environ.setdefault("ALONGSIDE_DATA_DIR", tempfile.mkdtemp(prefix="alongside-test-"))
# Redis is one per machine, and its pub/sub channels ignore the database number: each run names its
# channel-layer groups and cache keys apart, so that two runs (or two workers) never hear each other.
os.environ.setdefault("ALONGSIDE_REDIS_PREFIX", f"alongside-test-{secrets.token_hex(4)}")

# Under pytest-xdist (`-n`, see pyproject.toml) each worker inherits the run's environment and gets a
# data dir (secret key, SQLite test database, active safety model) and a Redis prefix of its own. Done
# once per worker: a subprocess a test starts inherits the worker's values as they are.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("ALONGSIDE_TEST_WORKER") != _worker:
    os.environ["ALONGSIDE_TEST_WORKER"] = _worker
    _own = Path(os.environ["ALONGSIDE_DATA_DIR"]) / _worker
    _own.mkdir(parents=True, exist_ok=True)
    os.environ["ALONGSIDE_DATA_DIR"] = str(_own)
    os.environ["ALONGSIDE_REDIS_PREFIX"] += f"-{_worker}"

from alongside.settings import *  # noqa: E402, F403  # this module only overrides

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303  # speed, tests only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
LANGUAGE_CODE = "en"

# Browser and multi-process tests share the database with a live server, so the SQLite test database is a
# file rather than memory (pytest-django adds the xdist worker's name to it, `test.sqlite3_gw0`).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# A pool keeps connections open for reuse, by design; tests count sessions in pg_stat_activity and
# terminate backends to play a database restart, so they keep one connection per thread. The pool has
# tests of its own (common/tests/test_env.py, test_saturation.py) and `alongside bench pages --burst`.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
