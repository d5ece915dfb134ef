"""Test settings: only overrides of `alongside.settings` (fast hashing, immediate tasks)."""

import os
import tempfile

# A data dir per test run, so that two runs on one machine never share a file-backed test database.
# Subprocesses started by tests inherit it through the environment.
os.environ.setdefault("ALONGSIDE_DATA_DIR", tempfile.mkdtemp(prefix="alongside-test-"))

from alongside.settings import *  # noqa: E402, F403  # this module only overrides

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303  # speed, tests only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
LANGUAGE_CODE = "en"

# Browser and multi-process tests share the database with a live server, so the SQLite test database is a
# file rather than memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
