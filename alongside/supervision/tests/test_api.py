"""The supervision API: the same rules as the pages, errors as JSON naming the field."""

import pytest
from django.test import Client

from alongside.accounts.selectors import today_in
from alongside.accounts.services import issue_api_token
from alongside.supervision.tests.factories import another

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def test_a_session_logged_over_the_api_counts_and_its_notes_stay_with_the_two(world):
    body = {
        "kind": "individual",
        "supporter_ids": [world["supporter"].pk],
        "held_on": today_in(world.program).isoformat(),
        "minutes": 75,
        "competencies": ["planning"],
        "notes": "Planning the next month together.",
    }
    logged = _client(world["supervisor"]).post(
        "/api/supervision/sessions", body, content_type="application/json"
    )
    assert logged.status_code == 201, logged.content
    session_id = logged.json()["id"]
    hours = _client(world["supporter"]).get("/api/supervision/hours").json()
    assert (hours["hours"], hours["minutes"]) == ("1.25", 75)
    url = f"/api/supervision/sessions/{session_id}"
    assert _client(world["supporter"]).get(url).json()["notes"] == body["notes"]
    assert _client(world["admin"]).get(url).status_code == 404
    colleague = another(world, "supervisor", "test-supervisor-2")
    assert _client(colleague).get(url).status_code == 404


def test_a_group_session_with_private_notes_is_a_field_error(world):
    peer = another(world, "supporter", "test-peer-2")
    answer = _client(world["supervisor"]).post(
        "/api/supervision/sessions",
        {
            "kind": "group",
            "supporter_ids": [world["supporter"].pk, peer.pk],
            "held_on": today_in(world.program).isoformat(),
            "minutes": 60,
            "notes": "Words for one person only.",
        },
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["notes"]
