import json
from uuid import uuid4

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.conversations import services
from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(world):
    return start_conversation(member=world["member"], supporter=world["supporter"])


@pytest.fixture
def api(world):
    def call(role, method, path, body=None):
        headers = {"Authorization": f"Bearer {issue_api_token(user=world[role])}"}
        client = Client()
        if method == "GET":
            return client.get(f"/api{path}", headers=headers)
        return client.post(
            f"/api{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return call


def test_listing_conversations_gives_unread_counts(api, world, talk):
    say(talk, world["supporter"], "Good morning.")
    [row] = api("member", "GET", "/conversations").json()
    assert row["id"] == talk.pk and row["unread"] == 1 and row["status"] == "open"
    assert row["people"] == [{"id": world["supporter"].pk, "name": str(world["supporter"])}]


def test_messages_after_a_seq_in_pages(api, world, talk):
    for n in range(5):
        say(talk, world["supporter"], f"m{n + 1}")
    page = api("member", "GET", f"/conversations/{talk.pk}/messages?after_seq=1&limit=2").json()
    assert [m["seq"] for m in page["messages"]] == [2, 3]
    assert page["more"] is True and page["last_seq"] == 5
    rest = api("member", "GET", f"/conversations/{talk.pk}/messages?after_seq=3").json()
    assert [m["body"] for m in rest["messages"]] == ["m4", "m5"] and rest["more"] is False


def test_sending_with_a_client_id_is_idempotent(api, talk):
    body = {"client_id": str(uuid4()), "body": "Sent from the API."}
    first = api("member", "POST", f"/conversations/{talk.pk}/messages", body)
    again = api("member", "POST", f"/conversations/{talk.pk}/messages", body)
    assert first.status_code == again.status_code == 200
    assert first.json()["seq"] == again.json()["seq"] == 1
    assert Message.objects.count() == 1


def test_sending_to_an_ended_conversation_is_a_conflict(api, world, talk):
    services.end_conversation(
        supporter=world["supporter"], conversation=talk, closing_note="Take care."
    )
    response = api(
        "member",
        "POST",
        f"/conversations/{talk.pk}/messages",
        {"client_id": str(uuid4()), "body": "wait"},
    )
    assert response.status_code == 409 and "ended" in response.json()["detail"]


def test_a_blank_message_names_the_field(api, talk):
    response = api(
        "member",
        "POST",
        f"/conversations/{talk.pk}/messages",
        {"client_id": str(uuid4()), "body": "   "},
    )
    assert response.status_code == 422


def test_someone_elses_conversation_is_not_found(api, world):
    conversation = start_conversation(member=world.other_member, supporter=world["supporter"])
    assert api("member", "GET", f"/conversations/{conversation.pk}/messages").status_code == 404
