"""Hardening that belongs to no one app: the WebSocket Origin check, API caching, no secret in git."""

import shutil
import subprocess
from pathlib import Path

import pytest
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.common.websockets import SameOriginValidator

REPO = Path(__file__).resolve().parents[3]


class _Accepting(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()


async def _opens(host: str, origin: str | None) -> bool:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    communicator = WebsocketCommunicator(
        SameOriginValidator(_Accepting.as_asgi()), "/ws/x/", headers=headers
    )
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


@pytest.mark.anyio
@pytest.mark.django_db  # a consumer closes stale connections after each event
async def test_a_websocket_opens_for_a_page_of_the_same_host_and_port():
    assert await _opens("localhost:8000", "http://localhost:8000")
    assert await _opens("localhost", "https://localhost")
    assert await _opens("localhost:443", "https://localhost")


@pytest.mark.anyio
@pytest.mark.django_db
@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost:9999",  # same host, another port: another site on a shared server
        "http://localhost",  # port 80 is not port 8000
        "http://evil.example:8000",
        "null",
        None,
    ],
)
async def test_a_websocket_from_another_origin_is_refused(origin):
    assert not await _opens("localhost:8000", origin)


@pytest.mark.anyio
@pytest.mark.django_db
async def test_a_websocket_to_a_host_not_allowed_is_refused():
    assert not await _opens("evil.example:8000", "http://evil.example:8000")


def test_the_served_application_checks_the_origin_with_its_port():
    from alongside.asgi import application

    layer, layers = application.application_mapping["websocket"], []
    while layer is not None:  # the middleware around the consumers, outermost first
        layers.append(type(layer))
        layer = getattr(layer, "inner", None)
    assert SameOriginValidator in layers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/me", None),
        ("get", "/api/conversations/999999", None),  # 404
        ("post", "/api/auth/token", {"username": "x"}),  # 422
        ("get", "/api/openapi.json", None),
    ],
)
def test_every_api_answer_says_no_store(world, method, path, body):
    client = Client(headers={"Authorization": f"Bearer {issue_api_token(user=world['member'])}"})
    if body is None:
        response = getattr(client, method)(path)
    else:
        response = getattr(client, method)(path, body, content_type="application/json")
    assert response.headers["Cache-Control"] == "no-store"
    assert Client().get("/api/me").headers["Cache-Control"] == "no-store"  # 401


def test_no_secret_key_file_is_tracked_in_git():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(  # noqa: S603
        ["git", "ls-files", "-z"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split("\0")
    secrets = [path for path in tracked if Path(path).name in {"secret_key", ".secret_key"}]
    assert secrets == []
