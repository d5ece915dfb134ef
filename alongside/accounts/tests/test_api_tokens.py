"""API sign-ins end with the session: on a password change, sign-out and quick exit; they are short-lived,
renewed with a refresh token, and listed on the profile where each can be ended."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import ApiScope
from alongside.accounts.models import ApiToken
from alongside.accounts.services import API_TOKEN_LIFETIME, start_api_sign_in
from alongside.accounts.tests.factories import PASSWORD
from conftest import sign_in

pytestmark = pytest.mark.django_db


def _sign_in_app() -> dict:
    response = Client().post(
        "/api/auth/token",
        {"username": "test-member", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()


def _works(token: str) -> bool:
    return Client().get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _refresh(refresh_token: str):
    return Client().post(
        "/api/auth/refresh", {"refresh_token": refresh_token}, content_type="application/json"
    )


def test_a_password_change_ends_every_api_sign_in(world):
    app = _sign_in_app()
    assert _works(app["token"])
    page = sign_in(Client(), world["member"])
    new_password = "another-Long-passphrase-77"
    response = page.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert not _works(app["token"])
    assert _refresh(app["refresh_token"]).status_code == 401


def test_signing_out_ends_every_api_sign_in_and_says_so(world):
    app = _sign_in_app()
    page = sign_in(Client(), world["member"])
    response = page.post(reverse("accounts:sign-out"), follow=True)
    assert "every app that used your account" in response.content.decode()
    assert not _works(app["token"])
    assert _refresh(app["refresh_token"]).status_code == 401


def test_quick_exit_ends_every_api_sign_in(world):
    app = _sign_in_app()
    other = start_api_sign_in(user=world.other_member)
    page = sign_in(Client(), world["member"])
    assert page.post(reverse("accounts:quick-exit")).status_code == 200
    assert not _works(app["token"])
    assert _works(other.token)  # only the person's own


def test_a_bearer_token_lives_an_hour_and_the_refresh_token_renews_it(world):
    app = _sign_in_app()
    assert app["expires_at"] and app["refresh_expires_at"]
    row = ApiToken.objects.get()
    assert row.expires_at - row.created_at <= API_TOKEN_LIFETIME <= timedelta(hours=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not _works(app["token"])

    renewed = _refresh(app["refresh_token"])
    assert renewed.status_code == 200
    assert _works(renewed.json()["token"])
    assert not _works(app["token"])
    assert _refresh(app["refresh_token"]).status_code == 401  # a refresh token works once
    assert ApiToken.objects.count() == 1  # still one sign-in, renewed


def test_the_profile_lists_api_sign_ins_and_ends_one(world):
    first, second = start_api_sign_in(user=world["member"]), start_api_sign_in(user=world["member"])
    start_api_sign_in(user=world["member"], scope=ApiScope.FHIR)
    start_api_sign_in(user=world.other_member)
    page = sign_in(Client(), world["member"])
    response = page.get(reverse("accounts:profile"))
    assert response.context["api_sign_ins"].count() == 3
    html = response.content.decode()
    assert "Sign this app out" in html
    # Each sign-in says what it may be used for, so a person can tell which app is which.
    assert html.count(str(ApiScope.API.label)) == 2
    assert html.count("Read-only FHIR R4") == 1

    ended = ApiToken.objects.filter(user=world["member"]).earliest("pk")
    response = page.post(reverse("accounts:api-sign-in-end", args=[ended.pk]))
    assert response.status_code == 302
    assert not _works(first.token)
    assert _works(second.token)


def test_nobody_can_end_someone_elses_api_sign_in(world):
    theirs = start_api_sign_in(user=world.other_member)
    page = sign_in(Client(), world["member"])
    row = ApiToken.objects.get(user=world.other_member)
    assert page.post(reverse("accounts:api-sign-in-end", args=[row.pk])).status_code == 404
    assert _works(theirs.token)


def test_the_openapi_document_describes_refresh_and_the_token_pair(db):
    schema = Client().get("/api/openapi.json").json()
    token = schema["paths"]["/api/auth/token"]["post"]
    assert {"200", "401", "403", "429"} <= set(token["responses"])
    assert "/api/auth/refresh" in schema["paths"]
    pair = schema["components"]["schemas"]["TokenOut"]
    assert set(pair["required"]) == {"token", "expires_at", "refresh_token", "refresh_expires_at"}
