"""Who may use the reports' routes: program administrators and supervisors only.

Objects: a stored report ("progress") belongs to a program, so "own" and "other" are the viewer's
program's and "foreign" another program's. An export is its maker's alone: "own" is one the viewer
asked for, "other" one a colleague asked for in the same program, "foreign" one of another program."""

from datetime import date

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, in_program, own, roles
from alongside.reports.models import Export, ExportKind, Snapshot, Status

STAFF = ("supervisor", "admin")
REDIRECT = frozenset({302})
PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


_in_program = in_program(*STAFF)
_own = own(*STAFF)


def _snapshot_id(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    snapshot, _ = Snapshot.objects.get_or_create(
        program=program, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31)
    )
    return {"snapshot_id": snapshot.pk}


def _export_id(world, viewer, whose):
    if whose == "foreign":
        program, maker = world.foreign_program, person(world.foreign_program, Role.ADMIN)
    elif whose == "other" or viewer == "anonymous":
        program, maker = world.program, person(world.program, Role.ADMIN)
    else:
        program, maker = world.program, world[viewer]
    export = Export.objects.create(
        program=program, requested_by=maker, kind=ExportKind.CSV, starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31), status=Status.READY, content=b"PK", filename="report.zip",
    )  # fmt: skip
    return {"export_id": export.pk}


ROUTES = [
    Route("reports:dashboard", roles(*STAFF)),
    Route(
        "reports:progress",
        _in_program,
        object_scoped=True,
        kwargs=_snapshot_id,
        check_axe=False,
        notes="a fragment the dashboard polls; axe checks it inside the dashboard",
    ),
    Route("reports:exports", roles(*STAFF)),
    Route(
        "reports:exports",
        roles(*STAFF),
        method="POST",
        data=lambda world, viewer, whose: {**PERIOD, "kind": "csv"},
        ok=REDIRECT,
    ),  # fmt: skip
    Route("reports:export", _own, object_scoped=True, kwargs=_export_id),
    Route(
        "reports:download",
        _own,
        object_scoped=True,
        kwargs=_export_id,
        check_axe=False,
        notes="a file",
    ),  # fmt: skip
    Route("/api/reports/figures", roles(*STAFF), is_api=True, ok=frozenset({200, 202})),
]
