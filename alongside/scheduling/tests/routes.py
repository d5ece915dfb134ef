"""Who may use each scheduling route (see alongside.common.testing.routes).

"own" is a session between the world's supporter and member; "other" a session between another
supporter and another member of the same program; "foreign" one of another program. The two people
in a session may see and change it; the program's supervisors and administrators may see it.
"""

import itertools
from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, anyone, roles, signed_in
from alongside.records.models import Modality
from alongside.scheduling import services
from alongside.scheduling.models import ProposedTime, SessionFeed
from alongside.scheduling.selectors import zone_of

from .factories import next_day_at, started, weekday_hours

REDIRECT = frozenset({302})
REFUSED_FORM = frozenset({400})


def _pair(world, whose):
    if whose == "own":
        return world.program, world["supporter"], world["member"]
    program = world.foreign_program if whose == "foreign" else world.program
    member = world.foreign_member if whose == "foreign" else world.other_member
    supporter = person(program, Role.SUPPORTER)
    link_care_team(program=program, member=member, staff=supporter, role=Role.SUPPORTER)
    return program, supporter, member


_DAYS = itertools.count(3)  # a new day for each session made, so none clash in one database


def _session(world, whose, *, propose=False, hours=False):
    program, supporter, member = _pair(world, whose)
    day = next(_DAYS)
    if hours:
        weekday_hours(program, supporter, starts=time(0), ends=time(23, 30))
    details = {"modality": Modality.PHONE}
    if propose:
        return services.propose_session(
            supporter=supporter,
            program=program,
            member=member,
            times=[next_day_at(10, days=day), next_day_at(11, days=day)],
            **details,
        )
    return services.book_session(
        by=supporter,
        program=program,
        supporter=supporter,
        member=member,
        starts_at=next_day_at(10, days=day),
        **details,
    )


def _session_id(**options):
    def build(world, viewer, whose):
        return {"session_id": _session(world, whose, **options).pk}

    return build


def _past_session_id(world, viewer, whose):
    return {"session_id": started(_session(world, whose)).pk}


def _held_data(world, viewer, whose):
    zone = zone_of(world["supporter"])  # the form reads times in the signed-in person's zone
    now = timezone.localtime(timezone.now(), zone).replace(second=0, microsecond=0)
    begin = now - timedelta(minutes=50)
    return {
        "held-started_at": begin.strftime("%Y-%m-%dT%H:%M"),
        "held-ended_at": (begin + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
    }


def _move_data(world, viewer, whose):
    mover = world["member"] if viewer == "member" else world["supporter"]
    later = timezone.localtime(next_day_at(15), zone_of(mover))
    return {"move-starts_at": later.strftime("%Y-%m-%dT%H:%M"), "move-reason": "A bus strike."}


def _hours_item(world, viewer, whose):
    (item,) = weekday_hours(world.program, world["supporter"], days=[0])
    return {"kind": "hours", "item_id": item.pk}


def _feed(world, viewer, whose):
    return {"token": SessionFeed.objects.create(user=world["member"]).token}


def party(viewer, whose):
    return viewer in ("member", "supporter") and whose == "own"


def sees(viewer, whose):
    return party(viewer, whose) or (viewer in ("supervisor", "admin") and whose != "foreign")


def its_member(viewer, whose):
    return viewer == "member" and whose == "own"


def its_supporter(viewer, whose):
    return viewer == "supporter" and whose == "own"


def _free_time(world):
    weekday_hours(world.program, world["supporter"], starts=time(0), ends=time(23, 30))
    return next_day_at(10)


ROUTES = [
    Route("scheduling:mine", roles("member")),
    Route("scheduling:book", roles("member")),
    Route(
        "scheduling:book",
        roles("member"),
        method="POST",
        ok=REFUSED_FORM,
        notes="an empty form comes back with its errors",
    ),
    Route("scheduling:week", roles("supporter")),
    Route("scheduling:hours", roles("supporter")),
    Route(
        "scheduling:hours",
        roles("supporter"),
        method="POST",
        ok=REDIRECT,
        data=lambda w, v, o: {
            "kind": "hours",
            "hours-weekday": "2",
            "hours-starts": "09:00",
            "hours-ends": "12:00",
        },
    ),
    Route(
        "scheduling:hours-remove",
        roles("supporter"),
        method="POST",
        ok=REDIRECT,
        kwargs=_hours_item,
        notes="removes only the supporter's own hours",
    ),
    Route("scheduling:arrange", roles("supporter")),
    Route(
        "scheduling:arrange",
        roles("supporter"),
        method="POST",
        ok=REFUSED_FORM,
        notes="an empty form comes back with its errors",
    ),
    Route("scheduling:settings", roles("admin")),
    Route(
        "scheduling:settings",
        roles("admin"),
        method="POST",
        ok=REDIRECT,
        data=lambda w, v, o: {"session_minutes": "45", "notice_hours": "6"},
    ),
    Route("scheduling:calendar", signed_in),
    Route("scheduling:calendar-new", signed_in, method="POST", ok=REDIRECT),
    Route(
        "scheduling:calendar-feed",
        anyone,
        kwargs=_feed,
        check_axe=False,
        notes="a secret address for calendar apps: the token is the key, no sign-in",
    ),
    Route("scheduling:session", sees, object_scoped=True, kwargs=_session_id()),
    Route(
        "scheduling:session-pick",
        its_member,
        method="POST",
        object_scoped=True,
        ok=REDIRECT,
        kwargs=_session_id(propose=True),
        data=lambda w, v, o: {"pick-proposed_time": ProposedTime.objects.order_by("pk")[0].pk},
    ),
    Route(
        "scheduling:session-cancel",
        party,
        method="POST",
        object_scoped=True,
        ok=REDIRECT,
        kwargs=_session_id(),
        data=lambda w, v, o: {"cancel-reason": "Something came up at work."},
    ),
    Route(
        "scheduling:session-move",
        party,
        method="POST",
        object_scoped=True,
        ok=REDIRECT,
        kwargs=_session_id(hours=True),
        data=_move_data,
    ),
    Route(
        "scheduling:session-held",
        its_supporter,
        method="POST",
        object_scoped=True,
        ok=REDIRECT,
        kwargs=_past_session_id,
        data=_held_data,
    ),
    Route(
        "scheduling:session-missed",
        its_supporter,
        method="POST",
        object_scoped=True,
        ok=REDIRECT,
        kwargs=_past_session_id,
    ),
    Route(
        "/api/sessions/free-times",
        roles("member"),
        is_api=True,
        data=lambda w, v, o: {"supporter_id": w["supporter"].pk},
        notes="only the member's own supporters: anyone else is not found",
    ),
    Route(
        "/api/sessions",
        roles("member"),
        method="POST",
        is_api=True,
        ok=frozenset({201}),
        data=lambda w, v, o: {
            "supporter_id": w["supporter"].pk,
            "starts_at": _free_time(w).isoformat(),
            "modality": "phone",
        },
    ),
    Route(
        "/api/sessions/{session_id}", sees, is_api=True, object_scoped=True, kwargs=_session_id()
    ),
    Route(
        "/api/sessions/{session_id}/cancel",
        party,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_session_id(),
        data=lambda w, v, o: {"reason": "Something came up at work."},
    ),
]
