"""The forums API: boards, starting threads, replying, search; JSON errors name the field."""

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.forums.models import Thread
from alongside.forums.tests.factories import board_in, thread_by

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def test_boards_list_one_per_topic(world):
    from alongside.accounts.choices import Topic

    found = _client(world["member"]).get("/api/forums/boards").json()
    assert len(found) == len(Topic)
    assert {"id", "topic", "name", "thread_count"} <= set(found[0])


def test_starting_a_thread_answers_201_with_its_id(world):
    board = board_in(world.program)
    response = _client(world["member"]).post(
        "/api/forums/threads",
        {"board": board.pk, "title": "Hello", "body": "First **words**"},
        content_type="application/json",
    )
    assert response.status_code == 201
    thread = Thread.objects.get(pk=response.json()["id"])
    assert thread.title == "Hello" and thread.author == world["member"]


def test_errors_are_json_naming_the_field(world):
    client = _client(world["member"])
    missing = client.post("/api/forums/threads", {"board": 1}, content_type="application/json")
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"title", "body"}
    board = board_in(world.program)
    blank = client.post(
        "/api/forums/threads",
        {"board": board.pk, "title": " ", "body": "x"},
        content_type="application/json",
    )
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "title"
    foreign = client.post(
        "/api/forums/threads",
        {"board": board_in(world.foreign_program).pk, "title": "x", "body": "x"},
        content_type="application/json",
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "board"


def test_replying_answers_201(world):
    thread = thread_by(world["member"], world.program)
    response = _client(world["supporter"]).post(
        f"/api/forums/threads/{thread.pk}/replies",
        {"body": "Me too."},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["thread"] == thread.pk


def test_search_finds_threads_and_keeps_anonymous_authors_from_members(world):
    author = world["member"]
    thread = thread_by(author, world.program, title="Quiet evenings", anonymous=True)
    found = _client(world.other_member).get("/api/forums/search", {"q": "evenings"}).json()
    assert [t["id"] for t in found] == [thread.pk]
    assert found[0]["author_id"] is None and found[0]["author"] == "Anonymous"
    assert str(author) not in str(found)
    seen = _client(world["supervisor"]).get("/api/forums/search", {"q": "evenings"}).json()
    assert seen[0]["author_id"] == author.pk


def test_search_needs_a_query(world):
    response = _client(world["member"]).get("/api/forums/search", {"q": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"
