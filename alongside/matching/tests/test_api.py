"""The matching API walks the same journey as the pages: intake, choices, choose, accept."""

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.matching.tests.factories import EVENINGS, supporter

pytestmark = pytest.mark.django_db


def api(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def test_a_member_chooses_and_the_supporter_accepts_over_the_api(world):
    peer = supporter(world.program, "peer", languages=["es"], lived_experience=["bipolar"])
    supporter(world.program, "other")
    member = api(world.other_member)
    created = member.post(
        "/api/matching/requests",
        {
            "topics": ["bipolar"],
            "languages": ["es"],
            "availability": EVENINGS,
            "time_zone": "America/New_York",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    request_id = created.json()["id"]
    shown = member.get(f"/api/matching/requests/{request_id}/choices").json()
    assert shown[0]["supporter_id"] == peer.pk
    assert "lived experience with bipolar" in shown[0]["reasons"]
    offer = member.post(
        f"/api/matching/requests/{request_id}/choose",
        {"supporter_id": peer.pk},
        content_type="application/json",
    ).json()
    accepted = api(peer).post(f"/api/matching/offers/{offer['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["conversation_id"]
    again = member.post(
        f"/api/matching/requests/{request_id}/choose", {}, content_type="application/json"
    )
    assert again.status_code == 404  # a matched request is no longer open


def test_choosing_someone_who_does_not_fit_is_a_422_with_a_plain_reason(world):
    full = supporter(world.program, "full", capacity=0)
    member = api(world.other_member)
    request_id = member.post("/api/matching/requests", {}, content_type="application/json").json()[
        "id"
    ]
    answer = member.post(
        f"/api/matching/requests/{request_id}/choose",
        {"supporter_id": full.pk},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "choose someone else" in answer.json()["detail"]
