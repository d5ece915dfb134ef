"""Who may use each care_plans route (see alongside.common.testing.routes).

"own" for a member is their own plan or goal; for anyone else it is the world's member's, shared with
them by consent (so staff who may never read plans, such as admins, are still refused). "other" is a
member of the same program who shares nothing; "foreign" is a member of another program who has
shared with the viewer across programs, which must still be refused."""

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.care_plans import services
from alongside.common.testing.routes import ANONYMOUS, Route, own, roles

READERS = ("supporter", "clinician", "supervisor")


def _owner(world, viewer, whose):
    """The member whose things the request is about; consent to the viewer is granted for own/foreign."""
    owner = {"own": world["member"], "other": world.other_member, "foreign": world.foreign_member}[
        whose
    ]
    program = world.foreign_program if whose == "foreign" else world.program
    if viewer not in (ANONYMOUS, "member") and whose != "other":
        Consent.objects.create(
            program=program, member=owner, grantee=world[viewer], scope=ConsentScope.PLANS
        )
    services.save_plan_fields(member=owner, kind="wrap", values={"crisis.when_well": "Calm."})
    return owner


def _part2_plan(ticked):
    """A WRAP marked as substance-use (42 CFR Part 2), shared under a plans consent with or without the
    Part 2 tick: without it, nobody but the member may read it."""

    def kwargs(world, viewer, whose):
        owner = _owner(world, viewer, whose)
        Consent.objects.filter(member=owner).update(includes_substance_use=ticked)
        services.mark_substance_use(member=owner, kind="wrap", is_substance_use=True)
        return {"member_id": owner.pk, "kind": "wrap"}

    return kwargs


def _member_id(world, viewer, whose):
    return {"member_id": _owner(world, viewer, whose).pk}


def _member_plan(world, viewer, whose):
    return {"member_id": _owner(world, viewer, whose).pk, "kind": "wrap"}


def _goal(world, viewer, whose):
    owner = _owner(world, viewer, whose)
    return {"goal_id": services.add_goal(member=owner, title="Walk every day").pk}


def _step(world, viewer, whose):
    owner = _owner(world, viewer, whose)
    goal = services.add_goal(member=owner, title="Walk every day")
    step = services.add_step(actor=owner, goal=goal, text="Walk to the corner")
    return {"goal_id": goal.pk, "step_id": step.pk}


def _version(world, viewer, whose):
    services.save_plan_fields(member=world["member"], kind="wrap", values={"toolbox.tools": "Tea."})
    return {"kind": "wrap", "number": 1}


def _readers_own(viewer, whose):
    return viewer in READERS and whose == "own"


MEMBER = roles("member")
WRAP = {"kind": "wrap"}

ROUTES = [
    Route("care_plans:index", MEMBER),
    Route("care_plans:plan", MEMBER, kwargs=lambda w, v, o: WRAP),
    Route("care_plans:plan", MEMBER, kwargs=lambda w, v, o: {"kind": "safety"}),
    Route("care_plans:plan", MEMBER, kwargs=lambda w, v, o: {"kind": "pad"}),
    Route(
        "care_plans:plan-save",
        MEMBER,
        method="POST",
        kwargs=lambda w, v, o: WRAP,
        data=lambda w, v, o: {"toolbox.tools": "A walk."},
        ok=frozenset({302}),
    ),
    Route("care_plans:plan-print", MEMBER, kwargs=lambda w, v, o: WRAP),
    Route(
        "care_plans:plan-pdf",
        MEMBER,
        kwargs=lambda w, v, o: WRAP,
        check_axe=False,
        notes="a PDF download, not a page",
    ),
    Route("care_plans:plan-versions", MEMBER, kwargs=lambda w, v, o: WRAP),
    Route("care_plans:plan-version", MEMBER, kwargs=_version),
    Route("care_plans:goals", MEMBER),
    Route(
        "care_plans:goals",
        MEMBER,
        method="POST",
        data=lambda w, v, o: {"title": "Sleep better"},
        ok=frozenset({302}),
    ),
    Route("care_plans:goal", own("member", *READERS), object_scoped=True, kwargs=_goal),
    Route(
        "care_plans:goal",
        own("member", *READERS),
        method="POST",
        object_scoped=True,
        kwargs=_goal,
        data=lambda w, v, o: {"text": "Lights out at eleven"},
        ok=frozenset({302}),
    ),
    Route(
        "care_plans:goal-status",
        own("member"),
        method="POST",
        object_scoped=True,
        kwargs=_goal,
        data=lambda w, v, o: {"status": "done"},
        ok=frozenset({302}),
    ),
    Route(
        "care_plans:step-done",
        own("member"),
        method="POST",
        object_scoped=True,
        kwargs=_step,
        data=lambda w, v, o: {"done": "on"},
        ok=frozenset({302}),
    ),
    Route("care_plans:shared-list", roles(*READERS)),
    Route("care_plans:shared-member", _readers_own, object_scoped=True, kwargs=_member_id),
    Route(
        "care_plans:shared-plan",
        own("member", *READERS),
        object_scoped=True,
        kwargs=_member_plan,
    ),
    Route(
        "care_plans:shared-plan",
        own("member"),
        object_scoped=True,
        kwargs=_part2_plan(ticked=False),
        notes="a substance-use plan shared without the Part 2 tick: the member only",
        tags=frozenset({"part2"}),
    ),
    Route(
        "care_plans:shared-plan",
        own("member", *READERS),
        object_scoped=True,
        kwargs=_part2_plan(ticked=True),
        notes="a substance-use plan shared with the Part 2 tick",
        tags=frozenset({"part2"}),
    ),
    Route(
        "care_plans:plan-substance-use",
        MEMBER,
        method="POST",
        kwargs=lambda w, v, o: WRAP,
        data=lambda w, v, o: {"is_substance_use": "on"},
        ok=frozenset({302}),
    ),
    Route("/api/care-plans/plans/{kind}", MEMBER, is_api=True, kwargs=lambda w, v, o: WRAP),
    Route(
        "/api/care-plans/plans/{kind}",
        MEMBER,
        method="PATCH",
        is_api=True,
        kwargs=lambda w, v, o: WRAP,
        data=lambda w, v, o: {"content": {"toolbox.tools": "Music."}},
    ),
    Route(
        "/api/care-plans/members/{member_id}/plans/{kind}",
        own("member", *READERS),
        is_api=True,
        object_scoped=True,
        kwargs=_member_plan,
    ),
    Route(
        "/api/care-plans/members/{member_id}/plans/{kind}",
        own("member"),
        is_api=True,
        object_scoped=True,
        kwargs=_part2_plan(ticked=False),
        notes="a substance-use plan shared without the Part 2 tick: the member only",
        tags=frozenset({"part2"}),
    ),
    Route(
        "/api/care-plans/members/{member_id}/plans/{kind}",
        own("member", *READERS),
        is_api=True,
        object_scoped=True,
        kwargs=_part2_plan(ticked=True),
        notes="a substance-use plan shared with the Part 2 tick",
        tags=frozenset({"part2"}),
    ),
    Route("/api/care-plans/goals", MEMBER, is_api=True),
]
