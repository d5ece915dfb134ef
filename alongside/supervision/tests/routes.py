"""Who may use each supervision route (see alongside.common.testing.routes).

A session's page (with its private reflective notes) is for its supervisor and its supporter only:
"own" is the world supporter's session with the world supervisor; for a supervisor "other" is a
session another supervisor held with the same supporter, for a supporter a session of their supervisor
with another supporter; administrators and clinicians are refused even the world's own session."""

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, own, roles
from alongside.supervision import services
from alongside.supervision.tests.factories import resolved_escalation, session

SUPPORTER = roles("supporter")
SUPERVISOR = roles("supervisor")
CREATED = frozenset({201})
MOVED = frozenset({302})


def _foreign(world, role, name):
    return person(world.foreign_program, Role(role), username=f"test-foreign-{name}")


def _session(world, viewer, whose):
    if whose == "own":
        found = session(world)
    elif whose == "other" and viewer == "supervisor":
        colleague = person(world.program, Role.SUPERVISOR, username="test-supervisor-2")
        found = session(world, supervisor=colleague, notes="Between the two of us.")
    elif whose == "other":
        peer = person(world.program, Role.SUPPORTER, username="test-supporter-2")
        found = session(world, supporter=peer, notes="Between the two of us.")
    else:
        found = services.log_session(
            supervisor=_foreign(world, "supervisor", "sup"),
            supporters=[_foreign(world, "supporter", "peer")],
            kind="individual",
            held_on=session(world).held_on,
            minutes=30,
        )
    return {"session_id": found.pk}


def _supporter(world, viewer, whose):
    if whose == "own":
        return {"supporter_id": world["supporter"].pk}
    if whose == "other":
        return {"supporter_id": person(world.program, Role.SUPPORTER, username="test-s2").pk}
    return {"supporter_id": _foreign(world, "supporter", "peer").pk}


def _item(world, viewer, whose):
    """A debrief offered after an escalation: to the world's supporter (own), to another supporter of
    the program (other), in another program (foreign)."""
    if whose == "own":
        resolved_escalation(world)
    elif whose == "other":
        resolved_escalation(world, person(world.program, Role.SUPPORTER, username="test-s3"))
    else:
        from alongside.supervision.models import ReviewItem

        peer = _foreign(world, "supporter", "peer")
        item = ReviewItem.objects.create(
            program=world.foreign_program, supporter=peer, kind="escalation", escalation_id=1
        )
        return {"item_id": item.pk}
    from alongside.supervision.models import ReviewItem

    return {"item_id": ReviewItem.objects.latest("pk").pk}


def _program_supervisors_or_own_supporter(viewer, whose):
    return (viewer == "supporter" and whose == "own") or (
        viewer == "supervisor" and whose in ("own", "other")
    )


def _supervisors_in_program(viewer, whose):
    return viewer == "supervisor" and whose in ("own", "other")


def _session_data(world, viewer, whose):
    return {
        "kind": "individual",
        "supporters": [world["supporter"].pk],
        "held_on": session(world).held_on.isoformat(),
        "minutes": "50",
        "competencies": ["crises"],
        "notes": "We talked about rest.",
    }


def _api_session(world, viewer, whose):
    data = _session_data(world, viewer, whose)
    return {
        **data,
        "supporter_ids": data.pop("supporters"),
        "minutes": 50,
    }


ROUTES = [
    Route("supervision:mine", SUPPORTER),
    Route(
        "supervision:session", own("supporter", "supervisor"), object_scoped=True, kwargs=_session
    ),
    Route("supervision:log", SUPERVISOR),
    Route("supervision:log", SUPERVISOR, method="POST", data=_session_data, ok=MOVED),
    Route("supervision:practice", SUPERVISOR),
    Route(
        "supervision:practice",
        SUPERVISOR,
        method="POST",
        data=lambda w, v, o: {
            "kind": "shadowing",
            "supporter": person(w.program, Role.SUPPORTER, username="test-new").pk,
            "alongside": w["supporter"].pk,
            "held_on": session(w).held_on.isoformat(),
            "minutes": "90",
        },
        ok=MOVED,
    ),
    Route("supervision:load", SUPERVISOR),
    Route(
        "supervision:supporter",
        _program_supervisors_or_own_supporter,
        object_scoped=True,
        kwargs=_supporter,
    ),
    Route(
        "supervision:supporter",
        _supervisors_in_program,
        method="POST",
        object_scoped=True,
        kwargs=_supporter,
        data=lambda w, v, o: {"supervisor": w["supervisor"].pk, "caseload_limit": "4"},
        ok=MOVED,
    ),
    Route("supervision:queue", SUPERVISOR),
    Route(
        "supervision:review-done",
        _supervisors_in_program,
        method="POST",
        object_scoped=True,
        kwargs=_item,
        ok=MOVED,
    ),
    Route(
        "supervision:debrief",
        own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_item,
        data=lambda w, v, o: {"answer": "yes"},
        ok=MOVED,
    ),
    Route("supervision:talk", SUPPORTER),
    Route(
        "supervision:talk",
        SUPPORTER,
        method="POST",
        data=lambda w, v, o: {"note": "A goodbye that stays with me."},
        ok=MOVED,
    ),
    Route("supervision:check-in", SUPPORTER),
    Route(
        "supervision:check-in",
        SUPPORTER,
        method="POST",
        data=lambda w, v, o: {"energy": "1", "carrying": "2", "is_shared": "on"},
        ok=MOVED,
    ),
    Route(
        "supervision:time-off",
        SUPPORTER,
        method="POST",
        data=lambda w, v, o: {"starts_on": "2026-01-05", "ends_on": "2026-01-09"},
        ok=MOVED,
    ),
    Route("supervision:settings", roles("supervisor", "admin")),
    Route(
        "supervision:settings",
        roles("supervisor", "admin"),
        method="POST",
        data=lambda w, v, o: {"on_call_hours_per_week": "40"},
        ok=MOVED,
    ),
    # API
    Route(
        "/api/supervision/hours",
        roles("supporter", "supervisor"),
        is_api=True,
        data=lambda w, v, o: {"supporter_id": w["supporter"].pk},
    ),
    Route(
        "/api/supervision/sessions",
        SUPERVISOR,
        method="POST",
        is_api=True,
        data=_api_session,
        ok=CREATED,
    ),
    Route(
        "/api/supervision/sessions/{session_id}",
        own("supporter", "supervisor"),
        object_scoped=True,
        kwargs=_session,
        is_api=True,
    ),
    Route("/api/supervision/review-queue", SUPERVISOR, is_api=True),
    Route(
        "/api/supervision/debriefs/{item_id}",
        own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_item,
        data=lambda w, v, o: {"accept": True},
        is_api=True,
    ),
    Route(
        "/api/supervision/check-ins",
        SUPPORTER,
        method="POST",
        data=lambda w, v, o: {"answers": {"sleep": 1}, "is_shared": False},
        is_api=True,
        ok=CREATED,
    ),
    Route("/api/supervision/load", SUPERVISOR, is_api=True),
]
