"""A busy database (no pooled connection free in time, PostgreSQL out of connections) answers 503 with
Retry-After, on pages and the API, and the person's session survives it."""

from unittest import mock

import pytest
from django.contrib.sessions.backends import db as session_db
from django.db import OperationalError
from django.test import Client
from psycopg_pool import PoolTimeout

from alongside.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


def _busy(*args, **kwargs):
    try:
        raise PoolTimeout("couldn't get a connection after 10.00 sec")
    except PoolTimeout as error:  # as Django's error wrapper raises it
        raise OperationalError(str(error)) from error


def test_a_page_answers_503_with_retry_after_when_no_connection_is_free(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["member"])
    with mock.patch.object(session_db.SessionStore, "load", side_effect=_busy) as load:
        answer = client.get("/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert b"try again in a few seconds" in answer.content
    assert load.call_count == 1  # the error page and the session middleware did not ask again
    assert client.get("/").status_code == 200  # still signed in: the empty session was never saved


def test_postgresqls_too_many_clients_is_a_503_too(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["member"])
    error = OperationalError("FATAL:  sorry, too many clients already")
    with mock.patch.object(session_db.SessionStore, "load", side_effect=error):
        assert client.get("/account/profile/").status_code == 503


def test_the_api_answers_503_json_when_no_connection_is_free(world):
    token = issue_api_token(user=world["member"])
    client = Client(raise_request_exception=False)
    with mock.patch("alongside.api.user_for_token", side_effect=_busy):
        answer = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json() == {"detail": "The server is busy. Please try again in a few seconds."}


def test_any_other_error_is_still_a_500(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["member"])
    with mock.patch.object(session_db.SessionStore, "load", side_effect=OperationalError("boom")):
        assert client.get("/").status_code == 500
