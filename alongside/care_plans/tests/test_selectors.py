from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.accounts.services import revoke_consent
from alongside.audit.models import AccessLog
from alongside.care_plans import selectors, services
from alongside.care_plans.tests.factories import WRAP_WORDS, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def wrap(world):
    return services.save_plan_fields(member=world["member"], kind="wrap", values=WRAP_WORDS)


def _section_keys(view):
    return [s.key for s in view.sections]


def test_the_owner_reads_every_section_and_no_read_is_logged(world, wrap):
    view = selectors.access_plan(world["member"], world["member"].pk, "wrap")
    assert len(view.sections) == 7 and not view.crisis_only
    assert not AccessLog.objects.exists()


def test_crisis_plan_consent_shows_only_the_crisis_plan_and_the_read_is_audited(world, wrap):
    share(world["member"], world["supporter"], ConsentScope.CRISIS_PLAN)
    view = selectors.access_plan(world["supporter"], world["member"].pk, "wrap")
    assert _section_keys(view) == ["crisis"] and view.crisis_only
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.subject, entry.record_id) == (
        world["supporter"],
        world["member"],
        str(wrap.pk),
    )
    assert "crisis plan only" in entry.purpose
    services.save_plan_fields(member=world["member"], kind="safety", values={"safety.coping": "x"})
    with pytest.raises(Http404):  # the crisis part of the WRAP, and nothing else
        selectors.access_plan(world["supporter"], world["member"].pk, "safety")


def test_plans_consent_shows_every_plan(world, wrap):
    services.save_plan_fields(member=world["member"], kind="pad", values={"pad.helps": "Quiet."})
    share(world["member"], world["clinician"])
    assert len(selectors.access_plan(world["clinician"], world["member"].pk, "wrap").sections) == 7
    assert selectors.access_plan(world["clinician"], world["member"].pk, "pad").plan.kind == "pad"


@pytest.mark.parametrize(
    ("scope", "readable"),
    [
        (ConsentScope.WRAP, {"wrap"}),
        (ConsentScope.SAFETY_PLAN, {"safety"}),
        (ConsentScope.ADVANCE_DIRECTIVE, {"pad"}),
        (ConsentScope.PLANS, {"wrap", "safety", "pad"}),
    ],
)
def test_a_member_can_share_one_plan_and_not_the_others(world, wrap, scope, readable):
    services.save_plan_fields(member=world["member"], kind="safety", values={"safety.coping": "x"})
    services.save_plan_fields(member=world["member"], kind="pad", values={"pad.helps": "Quiet."})
    share(world["member"], world["supporter"], scope)
    for kind in ("wrap", "safety", "pad"):
        if kind in readable:
            view = selectors.access_plan(world["supporter"], world["member"].pk, kind)
            assert not view.crisis_only and view.plan.kind == kind
        else:
            with pytest.raises(Http404):
                selectors.access_plan(world["supporter"], world["member"].pk, kind)
    shared = selectors.shared_with_viewer(world["supporter"], world["member"].pk)
    assert {plan.kind for plan in shared.plans} == readable
    assert shared.sees_goals == (scope == ConsentScope.PLANS)  # goals go only with all plans


def test_the_crisis_plan_and_the_safety_plan_can_be_shared_together(world, wrap):
    services.save_plan_fields(member=world["member"], kind="safety", values={"safety.coping": "x"})
    share(world["member"], world["supporter"], ConsentScope.CRISIS_PLAN)
    share(world["member"], world["supporter"], ConsentScope.SAFETY_PLAN)
    assert selectors.access_plan(world["supporter"], world["member"].pk, "wrap").crisis_only
    assert not selectors.access_plan(world["supporter"], world["member"].pk, "safety").crisis_only
    shared = selectors.shared_with_viewer(world["supporter"], world["member"].pk)
    assert {plan.kind for plan in shared.plans} == {"wrap", "safety"} and shared.crisis_only


def test_revoking_is_instant(world, wrap):
    consent = share(world["member"], world["supporter"], ConsentScope.CRISIS_PLAN)
    selectors.access_plan(world["supporter"], world["member"].pk, "wrap")
    revoke_consent(member=world["member"], consent_id=consent.pk)
    with pytest.raises(Http404):
        selectors.access_plan(world["supporter"], world["member"].pk, "wrap")


def test_an_expired_consent_shows_nothing(world, wrap):
    consent = share(world["member"], world["supporter"])
    Consent.objects.filter(pk=consent.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Http404):
        selectors.access_plan(world["supporter"], world["member"].pk, "wrap")


@pytest.mark.parametrize("viewer", ["supporter", "clinician", "supervisor", "admin"])
def test_without_consent_nobody_else_reads_a_plan(world, wrap, viewer):
    with pytest.raises(Http404):
        selectors.access_plan(world[viewer], world["member"].pk, "wrap")


def test_an_admin_never_reads_plans_even_with_a_consent_row(world, wrap):
    Consent.objects.create(
        program=world.program, member=world["member"], grantee=world["admin"], scope="plans"
    )
    with pytest.raises(Http404):
        selectors.access_plan(world["admin"], world["member"].pk, "wrap")


def test_consent_never_reaches_across_programs(world):
    services.save_plan_fields(member=world.foreign_member, kind="wrap", values=WRAP_WORDS)
    Consent.objects.create(
        program=world.foreign_program,
        member=world.foreign_member,
        grantee=world["supporter"],
        scope="plans",
    )
    with pytest.raises(Http404):
        selectors.access_plan(world["supporter"], world.foreign_member.pk, "wrap")


def test_shared_goals_need_the_plans_consent(world):
    goal = services.add_goal(member=world["member"], title="Walk daily")
    share(world["member"], world["supporter"], ConsentScope.CRISIS_PLAN)
    with pytest.raises(Http404):
        selectors.access_goal(world["supporter"], goal.pk)
    share(world["member"], world["supporter"])
    assert selectors.access_goal(world["supporter"], goal.pk) == goal
    assert AccessLog.objects.filter(actor=world["supporter"], record_id=str(goal.pk)).exists()


def test_a_session_note_lists_only_goals_the_member_shares_now(world):
    goal = services.add_goal(member=world["member"], title="Walk daily")
    assert selectors.goals_shared_with(world["supporter"], world["member"].pk) == []
    consent = share(world["member"], world["supporter"])
    assert selectors.goals_shared_with(world["supporter"], world["member"].pk) == [goal]
    assert AccessLog.objects.filter(purpose="Listed shared recovery goals").count() == 1
    revoke_consent(member=world["member"], consent_id=consent.pk)
    assert selectors.goals_shared_with(world["supporter"], world["member"].pk) == []
    assert selectors.goals_shared_with(world["member"], world["member"].pk) == [goal]
