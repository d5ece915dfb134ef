from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.audit.models import AccessLog
from alongside.care_plans import services
from alongside.care_plans.models import GoalStatus, Plan, PlanVersion, contacts_in
from alongside.care_plans.tests.factories import WRAP_WORDS, share

pytestmark = pytest.mark.django_db


def test_saving_fields_changes_only_those_fields(world):
    member = world["member"]
    services.save_plan_fields(member=member, kind="wrap", values=WRAP_WORDS)
    services.save_plan_fields(member=member, kind="wrap", values={"toolbox.tools": "Tea."})
    plan = Plan.objects.get(member=member, kind="wrap")
    assert plan.value("toolbox.tools") == "Tea."
    assert plan.value("crisis.when_well") == WRAP_WORDS["crisis.when_well"]


def test_clearing_a_field_removes_it_from_the_plan(world):
    member = world["member"]
    services.save_plan_fields(member=member, kind="wrap", values=WRAP_WORDS)
    plan = services.save_plan_fields(member=member, kind="wrap", values={"toolbox.tools": "  "})
    assert "toolbox.tools" not in plan.content


def test_an_unknown_field_or_an_overlong_answer_is_refused_and_nothing_changes(world):
    member = world["member"]
    with pytest.raises(ValidationError):
        services.save_plan_fields(member=member, kind="wrap", values={"nope": "x"})
    with pytest.raises(ValidationError):
        services.save_plan_fields(member=member, kind="wrap", values={"toolbox.tools": "x" * 5001})
    assert not Plan.objects.filter(member=member).exists()


def test_only_members_write_plans(world):
    with pytest.raises(PermissionDenied):
        services.save_plan_fields(member=world["supporter"], kind="wrap", values=WRAP_WORDS)


def test_each_day_the_plan_changes_keeps_one_dated_version(world, monkeypatch):
    member = world["member"]
    monkeypatch.setattr(services, "today_in", lambda program: date(2026, 3, 1))
    services.save_plan_fields(member=member, kind="safety", values={"safety.coping": "Walk."})
    services.save_plan_fields(member=member, kind="safety", values={"safety.coping": "Walk. Tea."})
    monkeypatch.setattr(services, "today_in", lambda program: date(2026, 3, 4))
    services.save_plan_fields(member=member, kind="safety", values={"safety.coping": "Music."})

    versions = list(PlanVersion.objects.order_by("number"))
    assert [(v.number, v.saved_on) for v in versions] == [
        (1, date(2026, 3, 1)),
        (2, date(2026, 3, 4)),
    ]
    assert versions[0].content == {"safety.coping": "Walk. Tea."}  # the end of that day
    assert versions[1].content == {"safety.coping": "Music."}


def test_contacts_are_read_from_free_text_lines():
    found = contacts_in("Sam (sister) 555-0134\n\nDr. Lee: +1 (555) 019-9000\nThe park")
    assert [(c.name, c.tel) for c in found] == [
        ("Sam (sister)", "5550134"),
        ("Dr. Lee", "+15550199000"),
        ("The park", ""),
    ]


def test_goals_are_reached_and_picked_up_again(world):
    goal = services.add_goal(member=world["member"], title="  Sleep better ")
    assert goal.title == "Sleep better"
    services.set_goal_status(member=world["member"], goal=goal, status=GoalStatus.DONE)
    assert goal.done_at is not None
    services.set_goal_status(member=world["member"], goal=goal, status=GoalStatus.ACTIVE)
    assert goal.done_at is None
    with pytest.raises(PermissionDenied):
        services.set_goal_status(member=world.other_member, goal=goal, status=GoalStatus.DONE)


def test_a_supporter_the_member_shares_plans_with_may_suggest_a_step_and_it_is_audited(world):
    member, supporter = world["member"], world["supporter"]
    goal = services.add_goal(member=member, title="Sleep better")
    with pytest.raises(PermissionDenied):
        services.add_step(actor=supporter, goal=goal, text="No screens after ten")
    share(member, supporter)
    step = services.add_step(actor=supporter, goal=goal, text="No screens after ten")
    assert step.added_by == supporter
    entry = AccessLog.objects.get(actor=supporter)
    assert (entry.action, entry.subject) == ("write", member)
    with pytest.raises(PermissionDenied):
        services.set_step_done(member=supporter, step=step, done=True)
    services.set_step_done(member=member, step=step, done=True)
    assert step.is_done
