"""What every benchmark needs: percentiles, a description of the machine, and a server subprocess.

Benchmarks run the thing they measure in a child process (`alongside serve`, uvicorn) and drive it from
this one, so nothing here imports Django: the benchmark process stays a plain client.
"""

from __future__ import annotations

import math
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

HOST = "127.0.0.1"  # benchmarks only ever listen and connect here


# --- numbers -------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between ranks, as numpy's default does."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(
    seconds: Sequence[float], *, errors: int, wall_seconds: float
) -> dict[str, Any]:
    """p50/p95/p99 in milliseconds and successful requests per second over the wall time."""

    def ms(value: float) -> float:
        return round(value * 1000, 3)

    return {
        "requests": len(seconds) + errors,
        "errors": errors,
        "p50_ms": ms(percentile(seconds, 50)),
        "p95_ms": ms(percentile(seconds, 95)),
        "p99_ms": ms(percentile(seconds, 99)),
        "mean_ms": ms(sum(seconds) / len(seconds)) if seconds else math.nan,
        "max_ms": ms(max(seconds)) if seconds else math.nan,
        "throughput_rps": round(len(seconds) / wall_seconds, 1) if wall_seconds > 0 else 0.0,
    }


# --- the machine ---------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.split("=", 1)[1].strip('"')
                return f"{name} (Linux {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def package_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def database_info(database_url: str | None) -> dict[str, Any]:
    """Which database the server uses: SQLite (embedded) or PostgreSQL, with its version; never a password."""
    if not database_url:
        return {"vendor": "sqlite", "version": sqlite3.sqlite_version}
    parts = urlsplit(database_url)
    info: dict[str, Any] = {
        "vendor": "postgresql" if parts.scheme.startswith("postgres") else parts.scheme,
        "host": parts.hostname,
        "port": parts.port,
        "name": parts.path.lstrip("/"),
    }
    if info["vendor"] == "postgresql":
        try:
            import psycopg

            with psycopg.connect(database_url, connect_timeout=5) as connection:
                row = connection.execute("SHOW server_version").fetchone()
                info["version"] = row[0] if row else None
        except (
            Exception
        ) as error:  # the version is a nicety; the benchmark itself will say if the DB is down
            info["version"] = f"unknown ({type(error).__name__})"
    return info


def machine_info(*, database_url: str | None) -> dict[str, Any]:
    """Enough about this machine to tell whether two results can be compared."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": _os_name(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "database": database_info(database_url),
        "software": {
            name: package_version(name)
            for name in ("django", "uvicorn", "httpx", "uvloop", "httptools")
        },
    }


# --- a server in a child process -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def python_command(*args: str) -> list[str]:
    """Run Python code of this install the way the console script would (no reliance on PATH)."""
    return [sys.executable, *args]


class Server:
    """A server subprocess on a free 127.0.0.1 port, ready once GET `health_path` answers 200.

    Use as a context manager: the process (and its process group, for multi-worker servers) is stopped
    on leaving, also when the benchmark fails. Output goes to `log_path` and is quoted if start-up fails.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        log_path: Path,
        port: int,
        health_path: str = "/healthz",
        start_timeout: float = 60.0,
    ) -> None:
        self.command = list(command)
        self.env = dict(env)
        self.log_path = log_path
        self.port = port
        self.health_path = health_path
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.health: dict[str, Any] = {}

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Server:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self) -> None:
        assert self.process is not None  # noqa: S101  # start() sets it
        deadline = time.monotonic() + self.start_timeout
        with httpx.Client(base_url=self.base_url, timeout=2.0, trust_env=False) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"{self.command[1:4]} exited with {self.process.returncode}:\n"
                        f"{self.log_tail()}"
                    )
                try:
                    response = client.get(self.health_path)
                except httpx.TransportError:
                    response = None
                if response is not None and response.status_code == 200:
                    try:
                        self.health = response.json()
                    except ValueError:
                        self.health = {}
                    return
                time.sleep(0.1)
        raise RuntimeError(
            f"{self.command[1:4]} did not answer {self.health_path} within "
            f"{self.start_timeout:.0f} s:\n{self.log_tail()}"
        )

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far, all its threads included.

        Less disturbed than latency by whatever else the machine runs; NaN where /proc is missing."""
        if self.process is None:
            return math.nan
        try:
            # Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return math.nan

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no output)"

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(
                process.pid, signal.SIGTERM
            )  # our own child's group: start_new_session made it
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def __enter__(self) -> Server:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
