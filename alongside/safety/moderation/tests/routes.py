"""Who may use each moderation route (see alongside.common.testing.routes).

The people in the matrix: the reporter (anyone signed in, for things they can see), moderators
(supervisors and administrators of the program), the reported person (their notices and appeals), and
everyone in another program (never).
"""

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import ANONYMOUS, Route, roles, signed_in
from alongside.safety.moderation.models import Appeal
from alongside.safety.moderation.tests.factories import (
    action_on,
    held_post,
    message_in,
    open_report,
)

MODERATORS = ("supervisor", "admin")


def _viewer(world, viewer):
    return world["member"] if viewer == ANONYMOUS else world[viewer]


def _program(world, whose):
    return world.foreign_program if whose == "foreign" else world.program


def _own_signed_in(viewer, whose):
    return viewer != ANONYMOUS and whose == "own"


def _not_foreign(viewer, whose):
    return viewer != ANONYMOUS and whose != "foreign"


def _moderator_here(viewer, whose):
    return viewer in MODERATORS and whose != "foreign"


def _message(world, viewer, whose):
    """own: a message in the viewer's conversation; other: one in somebody else's; foreign: another
    program's."""
    reader = _viewer(world, viewer) if whose == "own" else None
    message = message_in(_program(world, whose), reader=reader)
    return {"kind": "message", "target_id": message.pk}


def _person(world, viewer, whose):
    target = world.foreign_member if whose == "foreign" else world.other_member
    return {"kind": "person", "target_id": target.pk}


def _person_id(world, viewer, whose):
    return {"person_id": _person(world, viewer, whose)["target_id"]}


def _report(world, viewer, whose):
    return {"report_id": open_report(_program(world, whose)).pk}


def _appeal(world, viewer, whose):
    program = _program(world, whose)
    action = action_on(person(program, Role.MEMBER), program)
    return {"appeal_id": Appeal.objects.create(action=action, note="Please look again.").pk}


def _hold(world, viewer, whose):
    return {"hold_id": held_post(_program(world, whose)).pk}


def _action(world, viewer, whose):
    """An action about the viewer (own), about someone else here (other), or elsewhere (foreign)."""
    subject = {
        "own": _viewer(world, viewer),
        "other": world.other_member,
        "foreign": world.foreign_member,
    }[whose]
    program = world.foreign_program if whose == "foreign" else world.program
    return {"action_id": action_on(subject, program).pk}


def _reason(world, viewer, whose):
    return {"reason": "spam", "note": "Selling things."}


ROUTES = [
    Route(
        "moderation:report",
        _own_signed_in,
        object_scoped=True,
        kwargs=_message,
        notes="a message only its conversation's people can see",
    ),
    Route(
        "moderation:report",
        _own_signed_in,
        method="POST",
        object_scoped=True,
        kwargs=_message,
        data=_reason,
        ok=frozenset({302}),
    ),
    Route(
        "moderation:report",
        _not_foreign,
        object_scoped=True,
        kwargs=_person,
        notes="a person of the same program",
        tags=frozenset({"person"}),
    ),
    Route("moderation:report-thanks", signed_in),
    Route("moderation:queue", roles(*MODERATORS)),
    Route("moderation:report-detail", _moderator_here, object_scoped=True, kwargs=_report),
    Route(
        "moderation:report-detail",
        _moderator_here,
        method="POST",
        object_scoped=True,
        kwargs=_report,
        data=lambda w, v, o: {"kind": "dismiss"},
        ok=frozenset({302}),
    ),
    Route(
        "moderation:appeal-decide",
        _moderator_here,
        method="POST",
        object_scoped=True,
        kwargs=_appeal,
        data=lambda w, v, o: {"decision": "uphold"},
        ok=frozenset({302}),
    ),
    Route(
        "moderation:hold-decide",
        _moderator_here,
        method="POST",
        object_scoped=True,
        kwargs=_hold,
        data=lambda w, v, o: {"decision": "approve"},
        ok=frozenset({302}),
    ),
    Route("moderation:settings", roles("admin")),
    Route(
        "moderation:settings",
        roles("admin"),
        method="POST",
        ok=frozenset({302}),
        data=lambda w, v, o: {"holds_new_members": "on", "hold_days": 7, "hold_posts": 3},
    ),
    Route("moderation:notices", signed_in),
    Route(
        "moderation:appeal",
        _own_signed_in,
        object_scoped=True,
        kwargs=_action,
        notes="only the person the action is about",
    ),
    Route(
        "moderation:appeal",
        _own_signed_in,
        method="POST",
        object_scoped=True,
        kwargs=_action,
        data=lambda w, v, o: {"note": "I was quoting a song."},
        ok=frozenset({302}),
    ),
    Route("moderation:blocked", signed_in),
    Route("moderation:block", _not_foreign, object_scoped=True, kwargs=_person_id),
    Route(
        "moderation:block",
        _not_foreign,
        method="POST",
        object_scoped=True,
        kwargs=_person_id,
        ok=frozenset({302}),
    ),
    Route(
        "moderation:unblock",
        signed_in,
        method="POST",
        kwargs=lambda w, v, o: {"person_id": w.other_member.pk},
        ok=frozenset({302}),
    ),
    Route(
        "/api/safety/reports",
        signed_in,
        method="POST",
        is_api=True,
        ok=frozenset({201}),
        data=lambda w, v, o: {
            "target_kind": "person",
            "target_id": w.other_member.pk,
            "reason": "spam",
            "note": "",
        },
    ),
]
