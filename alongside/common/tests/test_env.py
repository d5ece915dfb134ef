"""Settings from the environment: safe defaults, and one clear line naming a bad variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alongside.common import env


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_DEBUG", "maybe")
    with pytest.raises(SystemExit, match="ALONGSIDE_DEBUG must be true or false"):
        env.boolean("ALONGSIDE_DEBUG", default=False)


def test_a_bad_database_url_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ALONGSIDE_DATABASE_URL", "mysql://somewhere/db")
    with pytest.raises(
        SystemExit, match="ALONGSIDE_DATABASE_URL must be a postgresql:// or sqlite:// URL"
    ):
        env.database("ALONGSIDE_DATABASE_URL", data_dir=tmp_path)


def test_a_bad_redis_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(SystemExit, match="ALONGSIDE_REDIS_URL must be a redis:// URL"):
        env.redis_url("ALONGSIDE_REDIS_URL")


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    first = env.secret_key("ALONGSIDE_SECRET_KEY_UNSET_FOR_TEST", data_dir=tmp_path)
    assert len(first) >= 50
    assert env.secret_key("ALONGSIDE_SECRET_KEY_UNSET_FOR_TEST", data_dir=tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_the_embedded_default_is_sqlite_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("ALONGSIDE_DATABASE_URL", raising=False)
    config = env.database("ALONGSIDE_DATABASE_URL", data_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]).parent == tmp_path


def test_startup_with_a_bad_value_stops_with_one_line(tmp_path):
    environment = {
        **os.environ,
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_ALLOWED_HOSTS": " , ",
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "manage", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "alongside: ALONGSIDE_ALLOWED_HOSTS must list at least one host name, separated by commas."
    )


def test_the_page_shell_css_and_script_are_served(db):
    from django.test import Client

    client = Client()
    for path in (
        "/static/alongside/site.css",
        "/static/alongside/shell.js",
        "/static/django_htmx/htmx-2.min.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content if response.streaming else [response.content])


def test_postgresql_is_pooled_with_a_bound_per_process(tmp_path, monkeypatch):
    monkeypatch.setenv("ALONGSIDE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    config = env.database("ALONGSIDE_DATABASE_URL", data_dir=tmp_path, pool_max=7, pool_wait=3)
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 7, "timeout": 3}
    assert config["CONN_MAX_AGE"] == 0  # Django's pool refuses persistent connections
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_bad_pool_size_names_the_variable(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_DB_POOL_MAX", "lots")
    with pytest.raises(SystemExit, match="ALONGSIDE_DB_POOL_MAX must be a whole number"):
        env.integer("ALONGSIDE_DB_POOL_MAX", default=10)


def test_email_goes_to_the_console_by_default(monkeypatch):
    monkeypatch.delenv("ALONGSIDE_EMAIL_URL", raising=False)
    assert env.email("ALONGSIDE_EMAIL_URL").backend.endswith("console.EmailBackend")


def test_an_smtp_url_gives_host_port_login_and_starttls(monkeypatch):
    monkeypatch.setenv(
        "ALONGSIDE_EMAIL_URL",
        "smtp://care%40example.org:p%40ss@mail.example.org:2525?from=Alongside%20<care@example.org>",
    )
    mail = env.email("ALONGSIDE_EMAIL_URL")
    assert mail.backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (mail.host, mail.port, mail.user, mail.password) == (
        "mail.example.org",
        2525,
        "care@example.org",
        "p@ss",
    )
    assert mail.use_tls and not mail.use_ssl
    assert mail.from_address == "Alongside <care@example.org>"


def test_smtps_is_tls_from_the_start_on_port_465(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_EMAIL_URL", "smtps://mail.example.org")
    mail = env.email("ALONGSIDE_EMAIL_URL")
    assert (mail.port, mail.use_ssl, mail.use_tls) == (465, True, False)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("mail.example.org:587", "must be an smtp://"),
        ("smtp://", "must name the mail server"),
        ("smtp://mail.example.org:port", "has a port that is not a number"),
    ],
)
def test_a_bad_email_url_names_the_variable(monkeypatch, value, problem):
    monkeypatch.setenv("ALONGSIDE_EMAIL_URL", value)
    with pytest.raises(SystemExit, match=f"ALONGSIDE_EMAIL_URL {problem}"):
        env.email("ALONGSIDE_EMAIL_URL")


def test_startup_with_a_bad_email_url_stops_with_one_line(tmp_path):
    environment = {
        **os.environ,
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_EMAIL_URL": "imap://mail.example.org",
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "manage", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "alongside: ALONGSIDE_EMAIL_URL must be an smtp://, smtps://, smtp+plain://, console:// or "
        "locmem:// URL."
    )
