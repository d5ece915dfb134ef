"""Another `alongside serve` process on the test database, for tests of what crosses processes (live
events through Redis, a process dying mid-conversation). The live server of `common.testing.browser`
runs in the test's own process; this one is a real subprocess, started as production starts it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from contextlib import suppress
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

TIMEOUT = 15  # seconds, for any one condition


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def shared_database_url() -> str:
    """The test database as `ALONGSIDE_DATABASE_URL` names it, for a process of our own to share it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """One `alongside serve` process on the test database."""

    def __init__(self, tmp_path: Path, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"{name}.log"
        environment = {
            **os.environ,
            "ALONGSIDE_DATABASE_URL": shared_database_url(),
            "ALONGSIDE_SECRET_KEY": settings.SECRET_KEY,  # the sessions made here must be read there
            "ALONGSIDE_DATA_DIR": str(tmp_path / name),
            "PYTHONUNBUFFERED": "1",
        }
        environment.pop("DJANGO_SETTINGS_MODULE", None)  # the real settings, as in production
        command = [
            sys.executable,
            "-m",
            "alongside.cli",
            "serve",
            "--no-migrate",
            "--port",
            str(self.port),
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                command, env=environment, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_serving(self) -> dict[str, Any]:
        """Once it answers `/healthz` on the test's database and Redis; what it answered."""
        for _ in range(TIMEOUT * 20):
            with suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:  # noqa: S310
                    health: dict[str, Any] = json.load(answer)
                assert (health["database"], health["channel_layer"]) == (  # noqa: S101 (test kit)
                    connection.vendor,
                    "redis",
                )
                return health
            # Bounded wait on a condition: the process exiting (a failure) or 50 ms passing.
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.05)
                raise AssertionError(f"server exited early:\n{self.log.read_text()}")
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
