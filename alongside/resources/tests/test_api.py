"""Resources API: search, referrals, hand-offs and import, with JSON errors that name the field."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from alongside.accounts.services import issue_api_token
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_search_by_need_and_place_nearest_first(world):
    resource(world.program, name="Far", needs=["food"], latitude=40.05, longitude=-75.0)
    resource(world.program, name="Near", needs=["food"], latitude=40.0001, longitude=-75.0)
    resource(world.program, name="Shelter", needs=["housing"])
    found = _client(world["member"]).get("/api/resources/search", {"need": "food", "near": "RB01"})
    assert [r["name"] for r in found.json()] == ["Near", "Far"]
    assert found.json()[0]["distance_km"] == pytest.approx(0.01, abs=0.01)


def test_an_unknown_place_is_an_error_naming_the_field(world):
    response = _client(world["member"]).get("/api/resources/search", {"near": "Atlantis"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "near"


def test_a_referral_with_bad_fields_names_them(world):
    client = _client(world["member"])
    place = resource(world.program)
    response = _post(client, "/api/resources/referrals", {
        "resource_id": place.pk, "need": "spaceships", "follow_up_on": "2000-01-01",
    })  # fmt: skip
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} <= {"need", "follow_up_on"}
    assert response.json()["errors"][0]["field"] == "need"
    missing = _post(client, "/api/resources/referrals", {"resource_id": place.pk})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"need", "follow_up_on"}


def test_a_referral_moves_to_connected_through_the_api(world):
    client = _client(world["supporter"])
    made = _post(client, "/api/resources/referrals", {
        "resource_id": resource(world.program).pk, "need": "food",
        "follow_up_on": timezone.localdate().isoformat(), "member_id": world["member"].pk,
    })  # fmt: skip
    assert made.status_code == 201
    referral_id = made.json()["id"]
    refused = _post(
        client, f"/api/resources/referrals/{referral_id}/status", {"status": "not_connected"}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "why_not"
    done = _post(client, f"/api/resources/referrals/{referral_id}/status", {"status": "connected"})
    assert done.json()["status"] == "connected"
    mine = _client(world["member"]).get("/api/resources/referrals").json()
    assert [r["status"] for r in mine] == ["connected"]


def test_a_hand_off_through_the_api_and_the_figures(world):
    client = _client(world["clinician"])
    body = {
        "partner_name": "Sam", "pseudonym": "api-heron", "setting": "prison",
        "discharge_on": timezone.localdate().isoformat(), "consent_given": False, "consent_text": "",
    }  # fmt: skip
    refused = _post(client, "/api/resources/hand-offs", body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "consent"
    made = _post(client, "/api/resources/hand-offs", {**body, "consent_given": True,
                                                      "consent_text": "Agreed."})  # fmt: skip
    assert made.status_code == 201 and made.json()["invite_path"].startswith("/welcome/")
    figures = _client(world["supervisor"]).get("/api/resources/hand-offs").json()
    assert [h["setting"] for h in figures["hand_offs"]] == ["prison"]
    assert figures["hand_offs"][0]["within_7"] is None  # the window is still open


def test_import_reports_lines_and_export_round_trips(world):
    client = _client(world["admin"])
    bad = _post(client, "/api/resources/import", {
        "file_name": "d.csv", "content": "id,name,needs\na,Pantry,food\nb,,food\n",
    })  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"line": 3, "field": "name", "message": "Every resource needs a name."}
    ]
    good = _post(client, "/api/resources/import", {
        "file_name": "d.csv", "content": "id,name,needs\na,Pantry,food\nb,Shelter,housing\n",
    })  # fmt: skip
    assert good.json()["created"] == 2
    exported = client.get("/api/resources/directory.json").json()
    again = _post(
        client, "/api/resources/import", {"file_name": "d.json", "content": json.dumps(exported)}
    )
    assert (again.json()["created"], again.json()["updated"]) == (0, 2)
