"""Who may use each forums route (see alongside.common.testing.routes).

Forums belong to a program's community: members, peer supporters, supervisors and administrators read
and post there; clinicians do not (they see only what members consent to share). "own" is a thread or
post the viewer wrote, "other" one by someone else in the program, "foreign" one in another program.
"""

from alongside.common.testing.routes import Route, roles
from alongside.forums.tests.factories import board_in, reply_by, thread_by

FORUM = ("member", "supporter", "supervisor", "admin")


def _in_forums(viewer, whose):
    return viewer in FORUM and whose in ("own", "other")


def _author(world, viewer, whose):
    if whose == "foreign":
        return world.foreign_member, world.foreign_program
    if whose == "own" and viewer in FORUM:
        return world[viewer], world.program
    return world.other_member, world.program


def _thread(world, viewer, whose):
    author, program = _author(world, viewer, whose)
    return thread_by(author, program)


def _thread_id(world, viewer, whose):
    return {"thread_id": _thread(world, viewer, whose).pk}


def _post_id(world, viewer, whose):
    thread = _thread(world, viewer, whose)
    author, _program = _author(world, viewer, whose)
    return {"post_id": reply_by(author, thread).pk}


def _board_id(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    return {"board_id": board_in(program).pk}


def _reply_data(world, viewer, whose):
    return {"body": "Sending you good thoughts."}


ROUTES = [
    Route("forums:boards", roles(*FORUM)),
    Route(
        "forums:board",
        _in_forums,
        object_scoped=True,
        kwargs=_board_id,
        notes="boards have no owner: own and other are the viewer's program's",
    ),
    Route("forums:thread-new", _in_forums, object_scoped=True, kwargs=_board_id),
    Route("forums:thread", _in_forums, object_scoped=True, kwargs=_thread_id),
    Route(
        "forums:reply",
        _in_forums,
        method="POST",
        object_scoped=True,
        kwargs=_thread_id,
        data=_reply_data,
        ok=frozenset({302}),
    ),
    Route(
        "forums:follow",
        _in_forums,
        method="POST",
        object_scoped=True,
        kwargs=_thread_id,
        ok=frozenset({302}),
    ),
    Route("forums:post", _in_forums, object_scoped=True, kwargs=_post_id),
    Route(
        "forums:post-edit",
        _in_forums,
        object_scoped=True,
        kwargs=_post_id,
        notes="someone else's post sends the viewer back to it",
        ok=frozenset({200, 302}),
    ),
    Route(
        "forums:react",
        _in_forums,
        method="POST",
        object_scoped=True,
        kwargs=_post_id,
        data=lambda w, v, o: {"kind": "me_too"},
        ok=frozenset({302}),
    ),
    Route("forums:following", roles(*FORUM)),
    Route("forums:search", roles(*FORUM)),
    Route("forums:settings", roles(*FORUM)),
    Route("/api/forums/boards", roles(*FORUM), is_api=True),
    Route(
        "/api/forums/threads",
        roles(*FORUM),
        method="POST",
        is_api=True,
        ok=frozenset({201}),
        data=lambda w, v, o: {
            "board": board_in(w.program).pk,
            "title": "A good day",
            "body": "It was good.",
        },
    ),
    Route(
        "/api/forums/threads/{thread_id}/replies",
        _in_forums,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_thread_id,
        ok=frozenset({201}),
        data=_reply_data,
    ),
    Route(
        "/api/forums/search",
        roles(*FORUM),
        is_api=True,
        kwargs=lambda w, v, o: {},
        data=lambda w, v, o: {"q": "walk"},
    ),
]
