"""GET /api/groups with filters, POST /api/groups/{id}/join and its JSON errors."""

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.groups.models import Modality, SupportGroup

from .factories import group_of

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def test_groups_are_listed_with_filters(world):
    group_of(world.program, name="Duelo", language="es")
    group_of(world.program, name="Phone grief", modality=Modality.PHONE, dial_in="+1 555 0100")
    client = _client(world["member"])
    everything = client.get("/api/groups").json()
    assert {g["name"] for g in everything} == {"Duelo", "Phone grief"}
    assert "dial_in" not in everything[0]  # members-only details never go out in the list
    assert [g["name"] for g in client.get("/api/groups?language=es").json()] == ["Duelo"]
    assert [g["name"] for g in client.get("/api/groups?modality=phone").json()] == ["Phone grief"]
    assert everything[0]["next_meeting_at"] is not None


def test_a_bad_filter_names_its_field(world):
    response = _client(world["member"]).get("/api/groups?modality=carrier-pigeon")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["modality"]


def test_join_answers_joined_waitlisted_or_awaiting_approval(world):
    open_group = group_of(world.program, capacity=1)
    closed = group_of(world.program, is_closed=True)
    client = _client(world["member"])
    assert client.post(f"/api/groups/{open_group.pk}/join").json()["status"] == "joined"
    other = _client(world.other_member).post(f"/api/groups/{open_group.pk}/join").json()
    assert (other["status"], other["waitlist_position"]) == ("waitlisted", 1)
    assert client.post(f"/api/groups/{closed.pk}/join").json()["status"] == "awaiting_approval"


def test_joining_a_group_that_stopped_or_is_elsewhere_is_not_found(world):
    group = group_of(world.program)
    SupportGroup.objects.filter(pk=group.pk).update(is_active=False)
    client = _client(world["member"])
    assert client.post(f"/api/groups/{group.pk}/join").status_code == 404
    foreign = group_of(world.foreign_program)
    response = client.post(f"/api/groups/{foreign.pk}/join")
    assert response.status_code == 404 and "detail" in response.json()


def test_only_members_join_through_the_api(world):
    group = group_of(world.program)
    assert _client(world["supporter"]).post(f"/api/groups/{group.pk}/join").status_code == 404
