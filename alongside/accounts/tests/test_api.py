import pytest
from django.test import Client
from django_otp.oath import TOTP

from alongside.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _token(client, **body):
    return client.post("/api/auth/token", body, content_type="application/json")


def test_a_member_gets_a_token_and_reads_who_they_are(world):
    client = Client()
    token = _token(client, username="test-member", password=PASSWORD).json()["token"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "username": "test-member",
        "display_name": world["member"].display_name,
        "roles": ["member"],
        "program": "harbor",
    }


def test_a_wrong_password_gets_401_in_json(world):
    response = _token(Client(), username="test-member", password="not-it")
    assert response.status_code == 401
    assert "do not match" in response.json()["detail"]


def test_a_missing_field_is_named_in_the_error(world):
    response = _token(Client(), password=PASSWORD)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "username"


def test_without_a_valid_token_the_api_answers_401(world):
    assert Client().get("/api/me").status_code == 401
    assert Client().get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_staff_need_their_two_step_code_for_a_token(world):
    client = Client()
    without = _token(client, username="test-admin", password=PASSWORD)
    assert without.status_code == 401
    assert without.json()["detail"].startswith("otp:")
    device = world["admin"].totpdevice_set.get()
    code = f"{TOTP(device.bin_key).token():06d}"
    assert _token(client, username="test-admin", password=PASSWORD, otp=code).status_code == 200


def test_the_api_locks_out_after_too_many_wrong_passwords(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, username="test-member", password="wrong-guess")
    response = _token(client, username="test-member", password=PASSWORD)
    assert response.status_code == 429


def test_openapi_describes_the_routes(db):
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/auth/token", "/api/me"} <= set(schema["paths"])
