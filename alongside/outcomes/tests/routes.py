"""Who may use each outcomes route (see alongside.common.testing.routes).

For trends, "own" is the member themself, or for anyone else the world's member who shares check-ins
with them; "foreign" is a member of another program who shared across programs, still refused."""

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.common.testing.routes import ANONYMOUS, Route, own, roles, signed_in
from alongside.outcomes import services
from alongside.outcomes.models import Schedule

READERS = ("supporter", "clinician", "supervisor")
MEMBER = roles("member")
CHECK_IN = {"mood": "4", "sleep": "3", "energy": "2", "note": "A quiet day."}
GAD7 = {f"item_{n}": "1" for n in range(1, 8)}


def _owner(world, whose):
    return {"own": world["member"], "other": world.other_member, "foreign": world.foreign_member}[
        whose
    ]


def _member_id(world, viewer, whose):
    owner = _owner(world, whose)
    if viewer not in (ANONYMOUS, "member") and whose != "other":
        program = world.foreign_program if whose == "foreign" else world.program
        Consent.objects.create(
            program=program, member=owner, grantee=world[viewer], scope=ConsentScope.CHECK_INS
        )
    services.record_check_in(member=owner, mood=3, sleep=3, energy=3)
    return {"member_id": owner.pk}


def _response_id(world, viewer, whose):
    response = services.record_response(
        member=_owner(world, whose), instrument="gad7", answers=[1] * 7
    )
    return {"response_id": response.pk}


def _schedule_id(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    schedule = Schedule.objects.create(program=program, instrument="who5", every_days=30)
    return {"schedule_id": schedule.pk}


def _admin_here(viewer, whose):
    return viewer == "admin" and whose != "foreign"


ROUTES = [
    Route("outcomes:check-in", MEMBER),
    Route(
        "outcomes:check-in",
        MEMBER,
        method="POST",
        data=lambda w, v, o: CHECK_IN,
        ok=frozenset({302}),
    ),
    Route("outcomes:questionnaires", MEMBER),
    Route("outcomes:questionnaire", MEMBER, kwargs=lambda w, v, o: {"code": "phq9"}),
    Route("outcomes:questionnaire", MEMBER, kwargs=lambda w, v, o: {"code": "who5"}),
    Route(
        "outcomes:questionnaire",
        MEMBER,
        method="POST",
        kwargs=lambda w, v, o: {"code": "gad7"},
        data=lambda w, v, o: GAD7,
        ok=frozenset({302}),
    ),
    Route("outcomes:response", own("member"), object_scoped=True, kwargs=_response_id),
    Route("outcomes:trends", MEMBER),
    Route("outcomes:shared-list", roles(*READERS)),
    Route(
        "outcomes:member-trends",
        own("member", *READERS),
        object_scoped=True,
        kwargs=_member_id,
    ),
    Route("outcomes:schedules", roles("admin")),
    Route(
        "outcomes:schedules",
        roles("admin"),
        method="POST",
        data=lambda w, v, o: {"instrument": "phq9", "at_intake": "on", "every_days": "30"},
        ok=frozenset({302}),
    ),
    Route(
        "outcomes:schedule-stop",
        _admin_here,
        method="POST",
        object_scoped=True,
        kwargs=_schedule_id,
        ok=frozenset({302}),
    ),
    Route("/api/outcomes/instruments", MEMBER, is_api=True),
    Route(
        "/api/outcomes/score",
        signed_in,
        method="POST",
        is_api=True,
        data=lambda w, v, o: {"instrument": "phq9", "answers": [1] * 9},
        notes="pure scoring, nothing stored: open to anyone signed in",
    ),
    Route("/api/outcomes/responses", MEMBER, is_api=True),
    Route(
        "/api/outcomes/responses",
        MEMBER,
        method="POST",
        is_api=True,
        data=lambda w, v, o: {"instrument": "who5", "answers": [3, 3, 3, 3, 3]},
    ),
    Route("/api/outcomes/check-ins", MEMBER, is_api=True),
    Route(
        "/api/outcomes/check-ins",
        MEMBER,
        method="POST",
        is_api=True,
        data=lambda w, v, o: {"mood": 4, "sleep": 4, "energy": 4},
    ),
    Route(
        "/api/outcomes/members/{member_id}/trends",
        own("member", *READERS),
        is_api=True,
        object_scoped=True,
        kwargs=_member_id,
    ),
]
