"""The newcomer's first command: `alongside up` migrates, loads the demo, serves, and prints the logins."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from alongside.demo import DEMO_LOGINS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_until(stream, text, deadline):
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    raise AssertionError(f"did not print {text!r}; printed:\n{''.join(seen)}")


def _children_of(pid: int) -> dict[int, str]:
    """Command lines of the processes whose parent is `pid`, by pid (Linux /proc)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    found[int(entry)] = cmdline.read().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(
    bool(os.environ.get("ALONGSIDE_DATABASE_URL")), reason="`up` is the embedded-default path"
)
def test_alongside_up_serves_the_demo_and_prints_the_logins(tmp_path):
    port = _free_port()
    environment = {**os.environ, "ALONGSIDE_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "up", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = _read_until(server.stdout, "Press Ctrl+C", time.monotonic() + 120)
        assert f"http://127.0.0.1:{port}/" in printed
        for username, _, _ in DEMO_LOGINS:
            assert username in printed
        deadline = time.monotonic() + 30
        while True:  # the server binds just after printing; wait for it, bounded
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as response:  # noqa: S310
                    health = json.load(response)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
        assert health["status"] == "ok"
        assert health["database"] == "sqlite"
        assert (tmp_path / "alongside.sqlite3").exists()
        # Reminders and escalation timers need the background worker: `up` runs one beside the server.
        workers = [pid for pid, command in _children_of(server.pid).items() if "worker" in command]
        assert workers
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Stopping the server stops its worker too (uvicorn ends on SIGTERM by re-raising it).
    deadline = time.monotonic() + 20
    while os.path.exists(f"/proc/{workers[0]}") and _is_running(workers[0]):
        assert time.monotonic() < deadline, "the background worker outlived the server"
        time.sleep(0.1)


def _is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def test_demo_program_has_varied_synthetic_people(db):
    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership, Profile
    from alongside.demo import load

    program = load(members=60, supporters=10)
    assert (
        Membership.objects.filter(program=program, role=Role.SUPPORTER).count() == 11
    )  # + demo-supporter
    assert Membership.objects.filter(program=program, role=Role.MEMBER).count() == 61
    profiles = Profile.objects.filter(user__memberships__program=program)
    assert len({tuple(p.languages) for p in profiles}) > 3
    assert len({p.time_zone for p in profiles}) > 3
    assert any("es" in p.languages for p in profiles)


def test_demo_reset_loads_the_demo_afresh(transactional_db):
    from alongside.accounts.models import ConsentEvent, Program, User
    from alongside.demo import is_loaded, load, reset

    load(members=10, supporters=3)
    assert ConsentEvent.objects.exists()  # the ledger protects what it points at
    User.objects.filter(username="demo-member").update(display_name="Changed")
    reset()
    assert not is_loaded()
    load(members=10, supporters=3)
    assert User.objects.get(username="demo-member").display_name == "Robin"
    assert Program.objects.count() == 1


def test_demo_reset_refuses_when_other_programs_share_the_database(db):
    import pytest

    from alongside.accounts.tests.factories import ProgramFactory
    from alongside.demo import load, reset

    load(members=5, supporters=2)
    ProgramFactory(slug="real-program")
    with pytest.raises(SystemExit, match="holds other programs"):
        reset()


@pytest.mark.skipif(
    bool(os.environ.get("ALONGSIDE_DATABASE_URL")), reason="a fresh embedded database of its own"
)
def test_the_worker_runs_background_tasks_that_are_due(tmp_path):
    environment = {**os.environ, "ALONGSIDE_DATA_DIR": str(tmp_path)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    def alongside(*words):
        return subprocess.run(
            [sys.executable, "-m", "alongside.cli", *words],
            env=environment,
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        ).stdout

    alongside("manage", "migrate", "--verbosity", "0")
    enqueue = (
        "from alongside.conversations.tasks import email_notification;"
        "print(email_notification.enqueue(0).id)"
    )
    task_id = alongside("manage", "shell", "-c", enqueue).strip().splitlines()[-1]
    status = (
        "from django_tasks_db.models import DBTaskResult;"
        f"print(DBTaskResult.objects.get(id='{task_id}').status)"
    )
    assert alongside("manage", "shell", "-c", status).strip().endswith("READY")
    alongside("worker", "--batch")
    assert alongside("manage", "shell", "-c", status).strip().endswith("SUCCESSFUL")


def _script(directory, name="alongside"):
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return script


def test_the_printed_command_is_the_path_that_started_it(tmp_path, monkeypatch):
    from alongside.cli import command_name

    script = _script(tmp_path / ".venv" / "bin")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))  # not on the PATH: the README's install
    monkeypatch.setattr(sys, "argv", [".venv/bin/alongside", "up"])
    assert command_name() == ".venv/bin/alongside"

    monkeypatch.setenv("PATH", str(script.parent))  # an activated virtualenv: the bare name works
    monkeypatch.setattr(sys, "argv", [str(script), "up"])
    assert command_name() == "alongside"


def test_up_and_demo_print_the_code_command_that_works(tmp_path, monkeypatch):
    from alongside.cli import command_name
    from alongside.demo import logins_text

    _script(tmp_path / ".venv" / "bin")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    monkeypatch.setattr(sys, "argv", [".venv/bin/alongside", "up"])
    assert "`.venv/bin/alongside demo --code demo-admin` prints it." in logins_text(command_name())


@pytest.mark.skipif(
    bool(os.environ.get("ALONGSIDE_DATABASE_URL")), reason="about the embedded database's directory"
)
@pytest.mark.parametrize("data_dir", [None, "empty"])
def test_demo_code_without_a_database_says_what_to_set_in_one_line(tmp_path, data_dir):
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("DJANGO_SETTINGS_MODULE", "ALONGSIDE_DATA_DIR", "ALONGSIDE_DATABASE_URL"):
        environment.pop(name, None)
    if data_dir is not None:
        (tmp_path / data_dir).mkdir()
        environment["ALONGSIDE_DATA_DIR"] = str(tmp_path / data_dir)
    done = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "demo", "--code", "demo-admin"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "ALONGSIDE_DATA_DIR" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "var").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if data_dir is None else [data_dir])
