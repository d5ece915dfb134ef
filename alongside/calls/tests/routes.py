"""Who may use each calls route (see alongside.common.testing.routes).

Phone calls are the supporter's own log: only supporters see the page, and only the supporter who
logged a call may end it or set its end ("own"); "other" is a call another supporter of the program
logged, "foreign" one in another program. A member sets their own number for calls.
"""

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.calls.tests.factories import call_by, video_session
from alongside.common.testing.routes import Route, roles


def _own_call(viewer, whose):
    return viewer == "supporter" and whose == "own"


def _call_id(world, viewer, whose):
    if whose == "own" and viewer in ("supporter",):
        supporter = world[viewer]
    elif whose == "foreign":
        supporter = person(world.foreign_program, Role.SUPPORTER)
    else:
        supporter = person(world.program, Role.SUPPORTER)
    return {"call_id": call_by(supporter, ended=False).pk}


def _in_the_call(viewer, whose):
    return viewer in ("supporter", "member") and whose == "own"


def _session_id(world, viewer, whose):
    """ "own": the world's supporter and member's video session; "other": one between two other people
    of the program; "foreign": one in another program."""
    if whose == "own":
        return {"session_id": video_session(world).pk}
    program = world.foreign_program if whose == "foreign" else world.program
    people = {
        "supporter": person(program, Role.SUPPORTER),
        "member": world.foreign_member if whose == "foreign" else world.other_member,
    }
    return {
        "session_id": video_session(
            world, program=program, booked_by=people["supporter"], **people
        ).pk
    }


def _start(world, viewer, whose):
    return {"direction": "outgoing"}


def _end_by_hand(world, viewer, whose):
    return {"ended_at": ""}


ROUTES = [
    Route("calls:phone", roles("supporter")),
    Route(
        "calls:start",
        roles("supporter"),
        method="POST",
        data=_start,
        ok=frozenset({302}),
    ),
    Route(
        "calls:end",
        _own_call,
        method="POST",
        object_scoped=True,
        kwargs=_call_id,
        ok=frozenset({302}),
    ),
    Route("calls:set-end", _own_call, object_scoped=True, kwargs=_call_id),
    Route(
        "calls:set-end",
        _own_call,
        method="POST",
        object_scoped=True,
        kwargs=_call_id,
        data=_end_by_hand,
        notes="an empty end: the form again, naming the field",
    ),
    Route(
        "calls:video",
        _in_the_call,
        object_scoped=True,
        kwargs=_session_id,
        notes="only the session's two people; a supervisor may read the session, not join the call",
    ),
    Route("calls:number", roles("member")),
    Route(
        "calls:number",
        roles("member"),
        method="POST",
        data=lambda world, viewer, whose: {"number": "+1 555 010 0199", "audience": "care_team"},
        ok=frozenset({302}),
    ),
    Route("/api/calls/phone", roles("supporter"), is_api=True),
    Route(
        "/api/calls/phone",
        roles("supporter"),
        method="POST",
        data=_start,
        ok=frozenset({201}),
        is_api=True,
    ),
    Route(
        "/api/calls/phone/{call_id}/end",
        _own_call,
        method="POST",
        object_scoped=True,
        kwargs=_call_id,
        data=lambda world, viewer, whose: {},
        ok=frozenset({200}),
        is_api=True,
    ),
]
