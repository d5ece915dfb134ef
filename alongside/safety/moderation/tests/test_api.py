"""POST /api/safety/reports: 201 with the report, or 422 naming the field."""

import json

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say_anyway
from alongside.safety.moderation.models import Report

pytestmark = pytest.mark.django_db


def _post(user, body):
    return Client().post(
        "/api/safety/reports",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_api_token(user=user)}"},
    )


def test_a_member_reports_a_message_through_the_api(world):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = say_anyway(talk, world["supporter"], "Send me money.")
    response = _post(
        world["member"],
        {
            "target_kind": "message",
            "target_id": message.pk,
            "reason": "spam",
            "note": "Asked for money.",
        },
    )
    assert response.status_code == 201
    assert response.json() == {"id": Report.objects.get().pk, "status": "open"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target_kind": "poem", "target_id": 1, "reason": "spam"}, "target_kind"),
        ({"target_kind": "person", "target_id": 999999, "reason": "spam"}, "target_id"),
        ({"target_kind": "person", "target_id": "other", "reason": "nope"}, "reason"),
        ({"target_kind": "person", "reason": "spam"}, "target_id"),
    ],
)
def test_errors_name_the_field(world, body, field):
    body = {k: (world.other_member.pk if v == "other" else v) for k, v in body.items()}
    response = _post(world["member"], body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Report.objects.exists()
