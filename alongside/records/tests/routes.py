"""Who may use each records route (see alongside.common.testing.routes).

"own" is a note about the world's member written by the world's supporter (who works with the member;
so does the clinician); "other" a note by another supporter about a member nobody here works with;
"foreign" a note in another program. Supervisors of the program oversee every note in it; members read
only their own notes; administrators read none without the person's consent.
"""

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import ANONYMOUS, Route, roles
from alongside.records import services
from alongside.records.models import NoteSettings

from .factories import WORDS, encounter

REDIRECT = frozenset({302})


def _people(world, whose):
    if whose == "own":
        return world.program, world["supporter"], world["member"]
    if whose == "other":
        return world.program, person(world.program, Role.SUPPORTER), world.other_member
    program = world.foreign_program
    return program, person(program, Role.SUPPORTER), world.foreign_member


def _note(world, whose, *, state="final"):
    program, supporter, member = _people(world, whose)
    if state == "awaiting":
        NoteSettings.objects.update_or_create(program=program, defaults={"cosign_required": True})
    found = encounter(program, supporter, [member])
    note = services.start_note(encounter=found, member=member, author=supporter)
    services.save_note(note=note, author=supporter, **WORDS)
    if state != "draft":
        note = services.sign_note(
            note=note, author=supporter, now=timezone.now() - timedelta(minutes=5)
        )
    return note


def _note_id(state="final"):
    def build(world, viewer, whose):
        return {"note_id": _note(world, whose, state=state).pk}

    return build


def _version(world, viewer, whose):
    return {"note_id": _note(world, whose).pk, "number": 1}


def _start(world, viewer, whose):
    program, supporter, member = _people(world, whose)
    found = encounter(program, supporter, [member])
    return {"encounter_id": found.pk, "member_id": member.pk}


def reads(viewer, whose):
    """Who reads a final note: its author, the person, their care team, and supervisors."""
    if whose == "foreign" or viewer == ANONYMOUS:
        return False
    if viewer == "supervisor":
        return True
    return whose == "own" and viewer in ("supporter", "member", "clinician")


def reads_history(viewer, whose):
    return reads(viewer, whose) and viewer != "member"


def author(viewer, whose):
    return viewer == "supporter" and whose == "own"


def adds(viewer, whose):
    return author(viewer, whose) or (viewer == "supervisor" and whose != "foreign")


def the_person(viewer, whose):
    return viewer == "member" and whose == "own"


def cosigns(viewer, whose):
    return viewer == "supervisor" and whose != "foreign"


def _api_note(state="final"):
    def build(world, viewer, whose):
        return {"note_id": _note(world, whose, state=state).pk}

    return build


def in_a_program(viewer, whose):
    return viewer in ("supporter", "member", "supervisor", "clinician", "admin")


ROUTES = [
    Route("records:day", roles("supporter", "supervisor")),
    Route("records:queue", roles("supporter", "supervisor")),
    Route("records:my-notes", roles("member")),
    Route("records:settings", roles("admin")),
    Route(
        "records:settings",
        roles("admin"),
        method="POST",
        ok=REDIRECT,
        data=lambda w, v, o: {"cosign_required": "on", "release_delay_days": "2"},
    ),
    Route(
        "records:note-start",
        author,
        method="POST",
        object_scoped=True,
        kwargs=_start,
        ok=REDIRECT,
        notes="only the encounter's own supporter starts its note",
    ),
    Route("records:note", reads, object_scoped=True, kwargs=_note_id()),
    Route(
        "records:note-version",
        reads_history,
        object_scoped=True,
        kwargs=_version,
        notes="the person reads the signed note; its versions are the record's history",
    ),
    Route("records:note-write", author, object_scoped=True, kwargs=_note_id("draft")),
    Route(
        "records:note-addendum",
        adds,
        method="POST",
        object_scoped=True,
        kwargs=_note_id(),
        ok=REDIRECT,
        data=lambda w, v, o: {"body": "Sam called after: the office said yes."},
    ),
    Route(
        "records:note-comment",
        the_person,
        method="POST",
        object_scoped=True,
        kwargs=_note_id(),
        ok=REDIRECT,
        data=lambda w, v, o: {"body": "Thank you, that is how it was."},
    ),
    Route(
        "records:note-cosign",
        cosigns,
        method="POST",
        object_scoped=True,
        kwargs=_note_id("awaiting"),
        ok=REDIRECT,
    ),
    Route(
        "records:note-return",
        cosigns,
        method="POST",
        object_scoped=True,
        kwargs=_note_id("awaiting"),
        ok=REDIRECT,
        data=lambda w, v, o: {"comment": "Please name the goal."},
    ),
    Route("/api/records/encounters", in_a_program, is_api=True),
    Route("/api/records/notes", in_a_program, is_api=True),
    Route(
        "/api/records/notes/{note_id}", reads, is_api=True, object_scoped=True, kwargs=_api_note()
    ),
    Route(
        "/api/records/notes/{note_id}/comment",
        the_person,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_api_note(),
        data=lambda w, v, o: {"body": "Thank you, that is how it was."},
    ),
    Route(
        "/api/records/notes/{note_id}/addendum",
        adds,
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_api_note(),
        data=lambda w, v, o: {"body": "Sam called after: the office said yes."},
    ),
]
