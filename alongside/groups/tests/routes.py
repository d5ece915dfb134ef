"""Who may use each groups route (see alongside.common.testing.routes).

"own" is a group the viewer belongs to (the member) or facilitates (the supporter); "other" a group of
the same program they have no part in; "foreign" another program's group. Supervisors look after
every group of their program, self-run ones included.
"""

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import ANONYMOUS, Route, signed_in
from alongside.groups import services
from alongside.groups.models import CalendarFeed

from .factories import group_of, meeting_now


def _group(world, viewer, whose):
    if whose == "foreign":
        program = world.foreign_program
        return group_of(program, facilitators=[person(program, Role.SUPPORTER)])
    if whose == "own":
        group = group_of(world.program, facilitators=[world["supporter"]])
        services.join_group(group=group, member=world["member"])
        return group
    return group_of(world.program, facilitators=[person(world.program, Role.SUPPORTER)])


def _group_id(world, viewer, whose):
    return {"group_id": _group(world, viewer, whose).pk}


def _meeting_id(world, viewer, whose):
    return {"meeting_id": meeting_now(_group(world, viewer, whose)).pk}


def _act(action):
    def build(world, viewer, whose):
        return {**_meeting_id(world, viewer, whose), "action": action}

    return build


def in_program(viewer, whose):
    return viewer != ANONYMOUS and whose != "foreign"


def member_here(viewer, whose):
    return viewer == "member" and whose != "foreign"


def facilitates(viewer, whose):
    return (viewer == "supporter" and whose == "own") or (
        viewer == "supervisor" and whose != "foreign"
    )


def takes_part(viewer, whose):
    return facilitates(viewer, whose) or (viewer == "member" and whose == "own")


def _feed(world, viewer, whose):
    return {"token": CalendarFeed.objects.create(user=world["member"]).token}


REDIRECT = frozenset({302})

ROUTES = [
    Route("groups:list", signed_in),
    Route("groups:calendar", signed_in),
    Route("groups:calendar-new", signed_in, method="POST", ok=REDIRECT),
    Route(
        "groups:calendar-feed",
        lambda viewer, whose: True,
        kwargs=_feed,
        check_axe=False,
        notes="a secret address for calendar apps: the token is the key, no sign-in",
    ),
    Route("groups:group", in_program, object_scoped=True, kwargs=_group_id),
    Route(
        "groups:join", member_here, method="POST", object_scoped=True, kwargs=_group_id, ok=REDIRECT
    ),
    Route(
        "groups:leave",
        member_here,
        method="POST",
        object_scoped=True,
        kwargs=_group_id,
        ok=REDIRECT,
        notes="someone not in the group is told so on the group's page",
    ),
    Route("groups:facilitate", facilitates, object_scoped=True, kwargs=_group_id),
    Route(
        "groups:decide",
        facilitates,
        method="POST",
        object_scoped=True,
        kwargs=_group_id,
        ok=REDIRECT,
        data=lambda w, v, o: {"member": w["member"].pk, "answer": "yes"},
        notes="someone not waiting for an answer is a message on the page",
    ),
    Route("groups:meeting", takes_part, object_scoped=True, kwargs=_meeting_id),
    Route(
        "groups:enter-room",
        takes_part,
        method="POST",
        object_scoped=True,
        kwargs=_meeting_id,
        ok=REDIRECT,
    ),
    Route("groups:notes", facilitates, object_scoped=True, kwargs=_meeting_id),
    Route(
        "groups:meeting-act",
        facilitates,
        method="POST",
        object_scoped=True,
        kwargs=_act("lock"),
        ok=REDIRECT,
        notes="locking the room; every power is one service",
    ),
    Route(
        "groups:meeting-act",
        facilitates,
        method="POST",
        object_scoped=True,
        kwargs=_act("pin"),
        ok=REDIRECT,
        notes="pinning the ground rules",
    ),
    Route("/api/groups", signed_in, is_api=True),
    Route(
        "/api/groups/{group_id}/join",
        lambda viewer, whose: member_here(viewer, whose),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_group_id,
        data=lambda w, v, o: {},
    ),
]
