import json

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token

from .factories import WORDS, signed

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})


def test_the_member_reads_the_signed_words_and_comments_through_the_api(world):
    note = signed(world)
    member = _client(world["member"])
    listed = member.get("/api/records/notes").json()
    assert [n["id"] for n in listed] == [note.pk]
    body = member.get(f"/api/records/notes/{note.pk}").json()
    assert [v["did"] for v in body["versions"]] == [WORDS["did"]]
    assert body["encounter"]["minutes"] == 45
    answer = member.post(
        f"/api/records/notes/{note.pk}/comment",
        json.dumps({"body": "It helped."}),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["kind"] == "member_comment"


def test_an_empty_comment_is_refused_with_json_naming_the_field(world):
    note = signed(world)
    answer = _client(world["member"]).post(
        f"/api/records/notes/{note.pk}/comment",
        json.dumps({"body": "  "}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body"


def test_the_supporter_lists_their_encounters(world):
    note = signed(world)
    found = _client(world["supporter"]).get("/api/records/encounters").json()
    assert [e["id"] for e in found] == [note.encounter_id]
    assert found[0]["participant_ids"] == [world["member"].pk]
