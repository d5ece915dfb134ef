"""Who may use each safety route (see alongside.common.testing.routes).

An escalation is "own" when it is about the world's member (whose peer supporter is the world's
supporter), "other" when about a member of the same program with no supporter, "foreign" when it is in
another program. Supervisors and administrators of the program see both of theirs; the supporter only
their own member's.

The "alerted" rows ask the same of an escalation assigned to no supporter: "own" when the viewer had an
alert about it (as a group meeting's other facilitators do), "other" when they had none, "foreign" when
it is another program's and they had one. A peer supporter alerted may open it and say they saw it."""

from alongside.common.testing.routes import ANONYMOUS, Route, in_program, roles
from alongside.safety.models import Alert, EventKind
from alongside.safety.tests.factories import escalation_for


def _escalation_id(world, viewer, whose):
    if whose == "own":
        found = escalation_for(world["member"], world.program, supporter=world["supporter"])
    elif whose == "other":
        found = escalation_for(world.other_member, world.program)
    else:
        found = escalation_for(world.foreign_member, world.foreign_program)
    return {"escalation_id": found.pk}


def _alerted_escalation_id(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    about = world.foreign_member if whose == "foreign" else world.other_member
    found = escalation_for(about, program)
    if whose in ("own", "foreign") and viewer != ANONYMOUS:
        Alert.objects.create(recipient=world[viewer], escalation=found, reason=EventKind.OPENED)
    return {"escalation_id": found.pk}


_managers = in_program("supervisor", "admin")


def _viewers(viewer, whose):
    return _managers(viewer, whose) or (viewer == "supporter" and whose == "own")


def _escalation(name, allow, method="GET", kwargs=_escalation_id, **extra):
    return Route(
        name,
        allow,
        method=method,
        object_scoped=True,
        kwargs=kwargs,
        ok=frozenset({200} if method == "GET" else {302}),
        **extra,
    )


ROUTES = [
    Route("safety:dashboard", roles("supervisor", "admin", "supporter")),
    _escalation("safety:escalation", _viewers),
    _escalation("safety:acknowledge", _managers, "POST"),
    _escalation("safety:note", _viewers, "POST", data=lambda w, v, o: {"note": "Checked in."}),
    _escalation(
        "safety:resolve",
        _managers,
        "POST",
        data=lambda w, v, o: {"actions": ["asked_directly"], "note": "Talked it through."},
    ),
    _escalation("safety:seen", _viewers, "POST"),
    _escalation(
        "safety:escalation", _viewers, kwargs=_alerted_escalation_id, notes="alerted, unassigned"
    ),
    _escalation(
        "safety:seen", _viewers, "POST", kwargs=_alerted_escalation_id, notes="alerted, unassigned"
    ),
    _escalation(
        "safety:assessment",
        _viewers,
        "POST",
        data=lambda w, v, o: {"verdict": "false_alarm"},
        notes="the factory's escalation has no message: the page says it could not be marked",
    ),
    Route("safety:alerts", roles("supervisor", "admin", "supporter"), check_axe=False),
    Route("safety:on-call", roles("supervisor", "admin")),
    Route("safety:settings", roles("admin")),
    Route(
        "safety:talk-now",
        roles("member"),
        method="POST",
        ok=frozenset({302}),
        notes="with no open escalation, it points to 988",
    ),
    Route("/api/safety/escalations", roles("supervisor", "admin"), is_api=True),
    Route(
        "/api/safety/escalations/{escalation_id}/acknowledge",
        _managers,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_escalation_id,
    ),
    Route(
        "/api/safety/escalations/{escalation_id}/resolve",
        _managers,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_escalation_id,
        data=lambda w, v, o: {"actions": ["connected_988"], "note": "Reached 988."},
    ),
]
