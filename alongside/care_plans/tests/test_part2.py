"""42 CFR Part 2: a plan the member marks as about substance use is shared only under a consent that
carries the substance-use tick, and is shown with the redisclosure notice (pages and API)."""

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.accounts.services import issue_api_token
from alongside.care_plans import services
from alongside.care_plans.models import Plan

pytestmark = pytest.mark.django_db

NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


@pytest.fixture
def wrap(world):
    services.save_plan_fields(
        member=world["member"], kind="wrap", values={"crisis.when_well": "Calm."}
    )
    return Plan.objects.get(member=world["member"], kind="wrap")


def _share(world, *, ticked, scope=ConsentScope.PLANS):
    Consent.objects.create(
        program=world.program,
        member=world["member"],
        grantee=world["supporter"],
        scope=scope,
        includes_substance_use=ticked,
    )


def _page(client_for, world):
    return client_for("supporter").get(
        reverse("care_plans:shared-plan", args=[world["member"].pk, "wrap"])
    )


def _api(world):
    token = issue_api_token(user=world["supporter"])
    return Client(headers={"Authorization": f"Bearer {token}"}).get(
        f"/api/care-plans/members/{world['member'].pk}/plans/wrap"
    )


def test_a_substance_use_plan_is_not_shared_without_the_part_2_tick(world, client_for, wrap):
    _share(world, ticked=False)
    services.mark_substance_use(member=world["member"], kind="wrap", is_substance_use=True)
    assert _page(client_for, world).status_code == 404
    assert _api(world).status_code == 404
    listing = client_for("supporter").get(
        reverse("care_plans:shared-member", args=[world["member"].pk])
    )
    assert reverse("care_plans:shared-plan", args=[world["member"].pk, "wrap"]) not in (
        listing.content.decode()
    )


@pytest.mark.parametrize("scope", [ConsentScope.PLANS, ConsentScope.WRAP, ConsentScope.CRISIS_PLAN])
def test_a_substance_use_plan_is_shared_with_the_tick_and_carries_the_notice(
    world, client_for, wrap, scope
):
    _share(world, ticked=True, scope=scope)
    services.mark_substance_use(member=world["member"], kind="wrap", is_substance_use=True)
    page = _page(client_for, world)
    assert page.status_code == 200
    assert NOTICE in page.content.decode()
    api = _api(world)
    assert api.status_code == 200
    assert api.json()["notice"].startswith(NOTICE)


def test_a_plan_not_marked_is_shared_as_before_without_the_notice(world, client_for, wrap):
    _share(world, ticked=False)
    page = _page(client_for, world)
    assert page.status_code == 200
    assert NOTICE not in page.content.decode()
    assert _api(world).json()["notice"] is None


def test_the_member_marks_a_plan_and_still_reads_it_whole(world, client_for, wrap):
    client = client_for("member")
    response = client.post(
        reverse("care_plans:plan-substance-use", args=["wrap"]), {"is_substance_use": "on"}
    )
    assert response.status_code == 302
    wrap.refresh_from_db()
    assert wrap.is_substance_use
    assert client.get(reverse("care_plans:plan", args=["wrap"])).status_code == 200
    client.post(reverse("care_plans:plan-substance-use", args=["wrap"]), {})
    wrap.refresh_from_db()
    assert not wrap.is_substance_use
