"""The sessions API: free times in the caller's zone, booking, reading and cancelling, with errors
that name the field."""

import json
from datetime import time

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.scheduling.models import Session, Status

from .factories import booked, next_day_at, set_zone, weekday_hours

pytestmark = pytest.mark.django_db


def _api(world, role):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=world[role])}"})


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_free_times_come_in_utc_and_in_the_callers_zone(world):
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(10))
    set_zone(world["member"], "Europe/Madrid")
    response = _api(world, "member").get(
        "/api/sessions/free-times", {"supporter_id": world["supporter"].pk, "days": 7}
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["time_zone"] == "Europe/Madrid" and body["minutes"] == 50
    assert len(body["times"]) == len(body["local"]) >= 5
    assert body["local"][0][11:16] in ("15:00", "14:00")  # 9 am in New York


def test_a_member_books_and_a_double_booking_names_the_field(world):
    weekday_hours(world.program, world["supporter"])
    client = _api(world, "member")
    at = next_day_at(10).isoformat()
    body = {"supporter_id": world["supporter"].pk, "starts_at": at, "modality": "video"}
    response = _post(client, "/api/sessions", body)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == Status.BOOKED
    again = _post(client, "/api/sessions", body)
    assert again.status_code == 422
    assert again.json()["field"] == "starts_at"
    assert "already has a session at that time" in again.json()["detail"]
    assert Session.objects.count() == 1


def test_missing_details_and_a_bad_time_are_refused_plainly(world):
    weekday_hours(world.program, world["supporter"])
    client = _api(world, "member")
    body = {
        "supporter_id": world["supporter"].pk,
        "starts_at": next_day_at(10).isoformat(),
        "modality": "in_person",
    }
    response = _post(client, "/api/sessions", body)
    assert response.status_code == 422 and response.json()["field"] == "place"
    response = _post(client, "/api/sessions", {**body, "starts_at": "tomorrow"})
    assert response.status_code == 422
    assert "starts_at" in json.dumps(response.json())


def test_cancel_needs_a_reason_and_only_the_two_people_may(world):
    session = booked(world)
    response = _post(_api(world, "member"), f"/api/sessions/{session.pk}/cancel", {"reason": " "})
    assert response.status_code == 422 and response.json()["field"] == "reason"
    response = _post(
        _api(world, "supervisor"), f"/api/sessions/{session.pk}/cancel", {"reason": "No."}
    )
    assert response.status_code == 404
    response = _post(
        _api(world, "supporter"), f"/api/sessions/{session.pk}/cancel", {"reason": "I am unwell."}
    )
    assert response.status_code == 200 and response.json()["status"] == Status.CANCELLED
    read = _api(world, "supervisor").get(f"/api/sessions/{session.pk}")
    assert read.json()["cancel_reason"] == "I am unwell."
