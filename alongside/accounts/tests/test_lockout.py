"""Sign-in lockout cannot be dodged by changing address, and a client cannot name its own address."""

import asyncio

import pytest
import uvicorn
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from alongside.accounts.tests.factories import PASSWORD
from alongside.cli import proxy_options
from alongside.common import env

pytestmark = pytest.mark.django_db

GUESSES = 12


def _from(address: int) -> Client:
    """A client at its own address, which also claims yet another one in X-Forwarded-For."""
    return Client(REMOTE_ADDR=f"198.51.100.{address}", HTTP_X_FORWARDED_FOR=f"203.0.113.{address}")


def test_wrong_passwords_from_ever_new_addresses_still_lock_the_pseudonym_on_the_pages(world):
    for n in range(GUESSES):
        _from(n).post(reverse("accounts:sign-in"), {"username": "test-member", "password": "guess"})
    response = _from(200).post(
        reverse("accounts:sign-in"), {"username": "test-member", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_wrong_passwords_from_ever_new_addresses_still_lock_the_pseudonym_on_the_api(world):
    for n in range(GUESSES):
        _from(n).post(
            "/api/auth/token",
            {"username": "test-member", "password": "guess"},
            content_type="application/json",
        )
    response = _from(200).post(
        "/api/auth/token",
        {"username": "test-member", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert "token" not in response.json()


def test_another_pseudonym_is_not_locked_by_someone_elses_guesses(world):
    for n in range(GUESSES):
        _from(n).post(reverse("accounts:sign-in"), {"username": "test-member", "password": "guess"})
    response = _from(1).post(
        reverse("accounts:sign-in"), {"username": "test-other", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_failure_is_counted_at_the_connecting_address_not_the_claimed_one(world):
    _from(7).post(reverse("accounts:sign-in"), {"username": "test-member", "password": "guess"})
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def _client_seen_by_the_app(settings, trusted: list[str]) -> tuple[str, int]:
    """Run one request through uvicorn's app wrapping, configured as `alongside serve` configures it."""
    settings.TRUSTED_PROXIES = trusted
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"]

    config = uvicorn.Config(app, lifespan="off", **proxy_options())
    config.load()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"x-forwarded-for", b"203.0.113.9")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(config.loaded_app(scope, None, None))
    return seen["client"]


def test_the_server_ignores_forwarded_for_unless_a_proxy_is_configured(settings):
    assert _client_seen_by_the_app(settings, [])[0] == "127.0.0.1"


def test_the_server_believes_forwarded_for_from_a_configured_proxy(settings):
    assert _client_seen_by_the_app(settings, ["127.0.0.1/32"])[0] == "203.0.113.9"
    assert _client_seen_by_the_app(settings, ["10.0.0.0/8"])[0] == "127.0.0.1"


def test_trusted_proxies_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_TRUSTED_PROXIES", "10.0.0.2, 192.168.0.0/16,::1")
    assert env.ip_networks("ALONGSIDE_TRUSTED_PROXIES") == [
        "10.0.0.2/32",
        "192.168.0.0/16",
        "::1/128",
    ]
    monkeypatch.delenv("ALONGSIDE_TRUSTED_PROXIES")
    assert env.ip_networks("ALONGSIDE_TRUSTED_PROXIES") == []


def test_a_bad_trusted_proxy_stops_start_up_with_one_line(monkeypatch):
    monkeypatch.setenv("ALONGSIDE_TRUSTED_PROXIES", "10.0.0.2,proxy.internal")
    with pytest.raises(SystemExit) as stopped:
        env.ip_networks("ALONGSIDE_TRUSTED_PROXIES")
    message = str(stopped.value)
    assert message.startswith("alongside: ALONGSIDE_TRUSTED_PROXIES must list IP addresses")
    assert "'proxy.internal'" in message
    assert "\n" not in message
