"""A member of `world` who shares with the clinician: health record, all plans, check-ins; with a WRAP,
a safety plan, a goal with a step, a PHQ-9 and a referral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client

from alongside.accounts.choices import ApiScope, ConsentScope
from alongside.accounts.models import Consent, User
from alongside.accounts.selectors import today_in
from alongside.accounts.services import grant_consent, issue_api_token
from alongside.care_plans import services as plans
from alongside.outcomes.services import record_response
from alongside.resources.services import make_referral
from alongside.resources.tests.factories import resource


@dataclass
class Shared:
    member: User
    reader: User
    consents: dict[str, Consent]


@pytest.fixture
def shared(world, django_capture_on_commit_callbacks) -> Shared:
    member, reader = world["member"], world["clinician"]
    plans.save_plan_fields(
        member=member,
        kind="wrap",
        values={"toolbox.tools": "A walk by the river", "crisis.help_wanted": "Sit with me."},
    )
    plans.save_plan_fields(member=member, kind="safety", values={"safety.coping": "A hot shower"})
    goal = plans.add_goal(member=member, title="Cook for friends again", why="It feels like me.")
    plans.add_step(actor=member, goal=goal, text="Invite Dana for soup")
    # Item 9 above zero leaves a safety flag (a Flag resource).
    record_response(member=member, instrument="phq9", answers=[1, 1, 2, 1, 0, 1, 1, 0, 1])
    make_referral(
        actor=world["supporter"],
        member=member,
        resource=resource(world.program, name="Riverside Food Bank"),
        need="food",
        follow_up_on=today_in(world.program) + timedelta(days=7),
        agreed="Go on Tuesday morning.",
    )
    consents = {
        scope: grant_consent(member=member, grantee=reader, scope=scope, purpose="For my clinic.")
        for scope in (ConsentScope.HEALTH_RECORD, ConsentScope.PLANS, ConsentScope.CHECK_INS)
    }
    return Shared(member=member, reader=reader, consents=consents)


def fhir_client(user: User) -> Client:
    """A client carrying a FHIR-scoped bearer token of `user` (and no session)."""
    token = issue_api_token(user=user, scope=ApiScope.FHIR)
    return Client(headers={"Authorization": f"Bearer {token}"})
