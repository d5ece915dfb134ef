"""Who may use each training route (see alongside.common.testing.routes).

Courses belong to a program: "own" and "other" are both a published course of the viewer's program (a
course is nobody's in particular), "foreign" another program's. A credential is "own" when it is the
viewer's, "other" when it is another supporter's of the same program (supervisors and administrators
verify those), "foreign" another program's.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, roles

from .factories import course_of, credential_of

LEARNERS = roles("supporter", "supervisor", "admin")
EDITORS = roles("supervisor", "admin")
ADMIN = roles("admin")
REDIRECT = frozenset({302})


def in_program(rule):
    def allow(viewer, whose):
        return rule(viewer, whose) and whose != "foreign"

    return allow


def _course(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    return course_of(program)


def _course_id(world, viewer, whose):
    return {"course_id": _course(world, viewer, whose).pk}


def _module_id(world, viewer, whose):
    return {"module_id": _course(world, viewer, whose).modules.get().pk}


def _credential_id(world, viewer, whose):
    if whose == "foreign":
        owner, program = person(world.foreign_program, Role.SUPPORTER), world.foreign_program
    elif whose == "own" and viewer != "anonymous":
        owner, program = world[viewer], world.program
    else:
        owner, program = person(world.program, Role.SUPPORTER), world.program
    credential = credential_of(owner, program, expires_on=datetime.date(2030, 1, 1))
    credential.document.save("card.pdf", SimpleUploadedFile("card.pdf", b"%PDF-1.4 synthetic"))
    return {"credential_id": credential.pk}


def own_or_supervised(viewer, whose):
    if whose == "own":
        return viewer in ("supporter", "supervisor", "admin")
    return whose == "other" and viewer in ("supervisor", "admin")


ROUTES = [
    Route("training:home", LEARNERS),
    Route("training:course", in_program(LEARNERS), object_scoped=True, kwargs=_course_id),
    Route("training:module", in_program(LEARNERS), object_scoped=True, kwargs=_module_id),
    Route(
        "training:module",
        in_program(LEARNERS),
        method="POST",
        object_scoped=True,
        kwargs=_module_id,
        data=lambda w, v, o: {"reflection": "Calm and steady.", "q1": "0"},
        ok=frozenset({200, 302, 400}),
        notes="answers are checked; a wrong answer shows the page again",
    ),
    Route(
        "training:attest",
        LEARNERS,
        method="POST",
        ok=REDIRECT,
    ),
    Route("training:credentials", LEARNERS),
    Route(
        "training:credentials",
        LEARNERS,
        method="POST",
        data=lambda w, v, o: {
            "kind": "recovery_coach",
            "issuer": "A synthetic board",
            "status": "active",
            "issued_on": "2026-01-01",
            "expires_on": "2028-01-01",
        },
        ok=REDIRECT,
        notes="one's own credential only",
    ),
    Route(
        "training:hours",
        LEARNERS,
        method="POST",
        data=lambda w, v, o: {
            "title": "Workshop",
            "category": "ethics",
            "hours": "3",
            "completed_on": "2026-01-01",
        },
        ok=REDIRECT,
    ),
    Route(
        "training:credential-document",
        own_or_supervised,
        object_scoped=True,
        kwargs=_credential_id,
        check_axe=False,
        notes="a file, not a page; supervisors' reads are in the access log",
    ),
    Route("training:compliance", EDITORS),
    Route("training:expiring", EDITORS),
    Route("training:editor", EDITORS),
    Route(
        "training:editor",
        EDITORS,
        method="POST",
        data=lambda w, v, o: {
            "title": "Rest",
            "language": "en",
            "pass_mark": "80",
            "ce_hours": "0",
            "ce_category": "peer",
        },
        ok=REDIRECT,
    ),
    Route("training:course-edit", in_program(EDITORS), object_scoped=True, kwargs=_course_id),
    Route(
        "training:course-edit",
        in_program(EDITORS),
        method="POST",
        object_scoped=True,
        kwargs=_course_id,
        data=lambda w, v, o: {
            "title": "Rest",
            "language": "en",
            "pass_mark": "80",
            "ce_hours": "1",
            "ce_category": "peer",
        },
        ok=REDIRECT,
    ),
    Route(
        "training:module-new",
        in_program(EDITORS),
        method="POST",
        object_scoped=True,
        kwargs=_course_id,
        data=lambda w, v, o: {"new-title": "Rest", "new-body": "## Rest", "new-questions": ""},
        ok=REDIRECT,
    ),
    Route("training:module-edit", in_program(EDITORS), object_scoped=True, kwargs=_module_id),
    Route(
        "training:module-edit",
        in_program(EDITORS),
        method="POST",
        object_scoped=True,
        kwargs=_module_id,
        data=lambda w, v, o: {"title": "Rest", "body": "Text", "questions": "Q?\n* a\n- b"},
        ok=REDIRECT,
    ),
    Route("training:settings", ADMIN),
    Route("training:settings", ADMIN, method="POST", data=lambda w, v, o: {}, ok=REDIRECT),
    Route("training:starter", ADMIN, method="POST", ok=REDIRECT),
    Route("/api/training/me", LEARNERS, is_api=True),
    Route("/api/training/courses", LEARNERS, is_api=True),
    Route("/api/training/credentials", LEARNERS, is_api=True),
    Route(
        "/api/training/modules/{module_id}/answers",
        in_program(LEARNERS),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_module_id,
        data=lambda w, v, o: {"reflection": "", "answers": {}},
    ),
    Route("/api/training/compliance", EDITORS, is_api=True),
]
