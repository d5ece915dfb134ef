import pytest
from django.test import Client

from alongside.accounts.choices import ConsentScope
from alongside.accounts.services import grant_consent, issue_api_token
from alongside.outcomes.models import SafetyFlag

pytestmark = pytest.mark.django_db


def api(user):
    client = Client(headers={"Authorization": f"Bearer {issue_api_token(user=user)}"})

    def call(method, path, body=None):
        return client.generic(method, f"/api{path}", data=__import__("json").dumps(body or {}),
                              content_type="application/json")  # fmt: skip

    return call


def test_scoring_answers_names_the_item_that_is_wrong(world):
    call = api(world["supporter"])
    response = call("POST", "/outcomes/score", {"instrument": "phq9", "answers": [0] * 8 + [4]})
    assert response.status_code == 422 and "item 9" in response.json()["detail"]
    ok = call("POST", "/outcomes/score", {"instrument": "gad7", "answers": [2] * 7}).json()
    assert ok == {"instrument": "gad7", "total": 14, "band": "moderate", "flags": []}


def test_a_member_records_a_response_and_a_check_in_through_the_api(world):
    call = api(world["member"])
    response = call("POST", "/outcomes/responses", {"instrument": "phq9", "answers": [1] * 9})
    assert response.status_code == 200
    assert response.json()["flags"] == ["self_harm"] and response.json()["band"] == "mild"
    assert SafetyFlag.objects.count() == 1
    check_in = call("POST", "/outcomes/check-ins", {"mood": 5, "sleep": 4, "energy": 3})
    assert check_in.json()["mood"] == 5
    assert len(call("GET", "/outcomes/check-ins").json()) == 1
    assert (
        call("POST", "/outcomes/check-ins", {"mood": 9, "sleep": 4, "energy": 3}).status_code == 422
    )


def test_trends_through_the_api_follow_the_consent(world):
    api(world["member"])("POST", "/outcomes/check-ins", {"mood": 2, "sleep": 2, "energy": 2})
    call = api(world["clinician"])
    path = f"/outcomes/members/{world['member'].pk}/trends"
    assert call("GET", path).status_code == 404
    grant_consent(member=world["member"], grantee=world["clinician"], scope=ConsentScope.CHECK_INS)
    assert call("GET", path).json()["check_ins"][0]["mood"] == 2


def test_plans_through_the_api_save_fields_and_share_only_the_crisis_plan(world):
    member_call = api(world["member"])
    saved = member_call(
        "PATCH", "/care-plans/plans/wrap",
        {"content": {"toolbox.tools": "Music", "crisis.when_well": "Chatty"}},
    )  # fmt: skip
    assert saved.status_code == 200 and saved.json()["content"]["toolbox.tools"] == "Music"
    assert (
        member_call("PATCH", "/care-plans/plans/wrap", {"content": {"x": "y"}}).status_code == 422
    )
    grant_consent(
        member=world["member"], grantee=world["supporter"], scope=ConsentScope.CRISIS_PLAN
    )
    shared = api(world["supporter"])("GET", f"/care-plans/members/{world['member'].pk}/plans/wrap")
    assert shared.json()["content"] == {"crisis.when_well": "Chatty"}
    assert shared.json()["crisis_only"] is True
