"""Read ``ALONGSIDE_*`` settings from the environment; a bad value stops start-up with one clear line."""

import ipaddress
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


class ConfigError(SystemExit):
    """Raised (as a clean exit) when an environment variable holds a value we cannot use."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"alongside: {name} {problem}")


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None and value.strip() else None


def boolean(name: str, *, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"must be true or false, not {value!r}.")


def integer(name: str, *, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(name, f"must be a whole number, not {value!r}.") from None
    if number <= 0:
        raise ConfigError(name, f"must be above zero, not {value!r}.")
    return number


def choice(name: str, *, default: str, choices: list[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value.upper() not in choices:
        raise ConfigError(name, f"must be one of {', '.join(choices)}, not {value!r}.")
    return value.upper()


def path(name: str, *, default: Path) -> Path:
    value = _raw(name)
    directory = Path(value).expanduser().resolve() if value else default
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            name, f"points at {str(directory)!r}, which cannot be created ({error.strerror})."
        ) from None
    return directory


def host_list(name: str, *, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    if not hosts:
        raise ConfigError(name, "must list at least one host name, separated by commas.")
    return hosts


def secret_key(name: str, *, data_dir: Path) -> str:
    """The key from the environment, else one generated once into the data dir and reused after."""
    value = _raw(name)
    if value is not None:
        if len(value) < 32:
            raise ConfigError(name, "must be at least 32 characters long.")
        return value
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database(
    name: str, *, data_dir: Path, pool_max: int = 10, pool_wait: float = 10.0
) -> dict[str, Any]:
    """SQLite in the data dir by default; else the URL's database. On PostgreSQL each process keeps a
    pool of at most `pool_max` connections; a request that finds them all busy waits up to `pool_wait`
    seconds for one (it queues) and is then answered 503 with Retry-After (`common.views.server_error`)."""
    value = _raw(name)
    if value is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "alongside.sqlite3",
            # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if not value.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ConfigError(name, "must be a postgresql:// or sqlite:// URL.")
    try:
        # Under ASGI every request may run on a new thread, and a kept-alive connection would stay open
        # with its thread; so connections close at the end of each request (CONN_MAX_AGE 0).
        config: dict[str, Any] = dict(dj_database_url.parse(value, conn_max_age=0))
    except ValueError as error:
        raise ConfigError(name, f"is not a database URL we can read ({error}).") from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Without a pool every concurrent request opened a connection of its own, and a burst of 300
        # clients on two processes ran PostgreSQL out of them ("too many clients"). A pool bounds each
        # process's share; health checks hand out only live connections after a database restart.
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, pool_max),
            "max_size": pool_max,
            "timeout": pool_wait,
        }
    return config


def redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(name, "must be a redis:// URL, such as redis://127.0.0.1:6379/0.")
    return value


def redis_prefix(name: str) -> str | None:
    """A prefix for the channel layer's Redis channels and the cache's keys, so that several installs (or
    test runs) can share one Redis: its pub/sub channels ignore the database number in the URL."""
    value = _raw(name)
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", value):
        raise ConfigError(name, f"must be 1 to 64 letters, digits, or . _ : - (not {value!r}).")
    return value


def ip_networks(name: str) -> list[str]:
    """Addresses or networks (``10.0.0.1``, ``10.0.0.0/8``, ``::1``), comma-separated; none by default."""
    value = _raw(name)
    if value is None:
        return []
    networks = []
    for item in (part.strip() for part in value.split(",")):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                name,
                f"must list IP addresses or networks (such as 10.0.0.2 or 10.0.0.0/24), separated by "
                f"commas; {item!r} is neither.",
            ) from None
    return networks


ICE_SCHEMES = ("stun:", "stuns:", "turn:", "turns:")


def ice_servers(name: str) -> list[dict[str, Any]]:
    """STUN/TURN servers for in-app video, as the browser's RTCPeerConnection takes them: a JSON list of
    ``{"urls": "stun:…" | ["turn:…", …], "username": "…", "credential": "…"}``. None by default."""
    value = _raw(name)
    if value is None:
        return []
    try:
        servers = json.loads(value)
    except json.JSONDecodeError:
        raise ConfigError(
            name, 'must be a JSON list such as [{"urls": "stun:stun.example.org"}].'
        ) from None
    if not isinstance(servers, list):
        raise ConfigError(name, 'must be a JSON list such as [{"urls": "stun:stun.example.org"}].')
    for server in servers:
        urls = server.get("urls") if isinstance(server, dict) else None
        urls = [urls] if isinstance(urls, str) else urls
        if not urls or not all(isinstance(u, str) and u.startswith(ICE_SCHEMES) for u in urls):
            raise ConfigError(
                name,
                f"has a server whose urls are not stun:, stuns:, turn: or turns: URLs: {server!r}.",
            )
        extra = set(server) - {"urls", "username", "credential"}
        if extra or not all(isinstance(server.get(k, ""), str) for k in ("username", "credential")):
            raise ConfigError(
                name,
                f"has a server with fields other than urls, username and credential: {server!r}.",
            )
    return servers


def turn(url_name: str, secret_name: str) -> tuple[list[str], str | None]:
    """A TURN server that takes short-lived credentials (coturn's ``use-auth-secret``): its URLs,
    comma-separated, and the shared secret the credentials are signed with. Neither by default."""
    urls = [u.strip() for u in (_raw(url_name) or "").split(",") if u.strip()]
    secret = _raw(secret_name)
    if any(not u.startswith(("turn:", "turns:")) for u in urls):
        raise ConfigError(
            url_name, "must list turn: or turns: URLs, such as turns:turn.example.org:5349."
        )
    if urls and secret is None:
        raise ConfigError(secret_name, f"must be set with {url_name}: coturn's static-auth-secret.")
    if secret is not None and not urls:
        raise ConfigError(url_name, f"must be set with {secret_name}: the TURN server's URLs.")
    return urls, secret


@dataclass(frozen=True)
class Mail:
    """Django's EMAIL_* settings, read from one URL."""

    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    from_address: str | None = None


_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email(name: str, *, default: str = "console") -> Mail:
    """Where email goes: ``smtp://user:password@host:587`` (STARTTLS; ``smtp+tls://`` says so plainly),
    ``smtps://…:465`` (TLS from the start), ``smtp+plain://`` (neither: a relay on this machine), or
    ``console://`` / ``locmem://`` / ``dummy://``. ``?from=Alongside%20<care@example.org>`` sets the
    sender. The console by default."""
    value = _raw(name)
    if value is None:
        return Mail(backend=_MAIL_BACKENDS[default])
    url = urlsplit(value)
    scheme = url.scheme.lower()
    try:
        port = url.port
    except ValueError:
        raise ConfigError(name, "has a port that is not a number.") from None
    query = parse_qs(url.query)
    from_address = query["from"][0] if query.get("from") else None
    if scheme in _MAIL_BACKENDS:
        return Mail(backend=_MAIL_BACKENDS[scheme], from_address=from_address)
    if scheme not in {"smtp", "smtp+tls", "smtps", "smtp+plain"}:
        raise ConfigError(
            name, "must be an smtp://, smtps://, smtp+plain://, console:// or locmem:// URL."
        )
    if not url.hostname:
        raise ConfigError(name, "must name the mail server, as in smtp://mail.example.org:587.")
    return Mail(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=url.hostname,
        port=port or (465 if scheme == "smtps" else 587 if scheme != "smtp+plain" else 25),
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        use_tls=scheme in {"smtp", "smtp+tls"},
        use_ssl=scheme == "smtps",
        from_address=from_address,
    )
