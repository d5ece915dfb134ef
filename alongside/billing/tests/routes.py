"""Who may use each billing route (see alongside.common.testing.routes).

Billing is for a program's administrators who hold the billing permission (`billing.read_identity`);
the builders below give the world's administrator that permission, as a program gives its billing clerk.
An administrator without it is refused (test_views). "own" is the world's member, "other" a member
nobody works with, "foreign" a member of another program.
"""

from alongside.common.testing.routes import Route, in_program, roles

from .factories import answered_claim, make_biller, payer

REDIRECT = frozenset({302})


def _biller(world, viewer, whose):
    make_biller(world["admin"])
    return {}


def _member(world, viewer, whose):
    make_biller(world["admin"])
    member = {"own": world["member"], "other": world.other_member}.get(whose, world.foreign_member)
    return {"member_id": member.pk}


def _export(world, viewer, whose):
    found = payer(world.program)
    return {"payer": found.pk, "start": "2026-12-01", "end": "2026-12-31", "format": "csv"}


_in_program = in_program("admin")


ROUTES = [
    Route("billing:queue", roles("admin"), kwargs=_biller),
    Route("billing:identity", _in_program, object_scoped=True, kwargs=_member),
    Route(
        "billing:identity",
        _in_program,
        method="POST",
        object_scoped=True,
        kwargs=_member,
        ok=frozenset({200, 302}),
        data=lambda w, v, o: {},
        notes="an empty form comes back with every field named",
    ),
    Route(
        "billing:export",
        roles("admin"),
        method="POST",
        kwargs=_biller,
        data=_export,
        ok=REDIRECT,
        notes="queued for the worker: on to the page that shows its progress",
    ),
]


def _payer(world, viewer, whose):
    make_biller(world["admin"])
    program = world.foreign_program if whose == "foreign" else world.program
    return {"payer_id": payer(program, payer_id=f"P{whose}").pk}


ROUTES += [
    Route("billing:payers", roles("admin"), kwargs=_biller),
    Route(
        "billing:payers",
        roles("admin"),
        method="POST",
        kwargs=_biller,
        data=lambda w, v, o: {"preset": "nc-medicaid"},
        notes="no identifiers: the form comes back naming each",
    ),
    Route(
        "billing:payer",
        lambda v, w: v == "admin" and w != "foreign",
        object_scoped=True,
        kwargs=_payer,
    ),
]


def _claim(world, viewer, whose):
    make_biller(world["admin"])
    program = world.foreign_program if whose == "foreign" else world.program
    member = world.foreign_member if whose == "foreign" else world["member"]
    return {"claim_id": answered_claim(program, member, payer_id=f"C{whose}").claim_id}


def _period(world, viewer, whose):
    return {"start": "2026-12-01", "end": "2026-12-31"}


ROUTES += [
    Route(
        f"billing:claim-{action}",
        lambda v, w: v == "admin" and w != "foreign",
        method="POST",
        object_scoped=True,
        kwargs=_claim,
        data=_period,
        ok=REDIRECT,
        notes="a claim of another program answers 404; a refusal is a message on the queue",
    )
    for action in ("correct", "void", "keep")
]


def _job(world, viewer, whose):
    """A made export of the world's program (own, other) or another program's (foreign)."""
    from alongside.billing import vault
    from alongside.billing.models import ExportJob

    make_biller(world["admin"])
    program = world.foreign_program if whose == "foreign" else world.program
    job = ExportJob.objects.create(
        program=program,
        payer=payer(program, payer_id=f"J{whose}"),
        requested_by=world["admin"],
        format="csv",
        period_from="2026-12-01",
        period_to="2026-12-31",
        status="ready",
        progress=100,
        sealed=vault.seal_bytes(b"claim_id\n"),
    )
    return {"job_id": job.pk}


ROUTES += [
    Route(
        "billing:export-job",
        lambda v, w: v == "admin" and w != "foreign",
        object_scoped=True,
        kwargs=_job,
    ),
    Route(
        "billing:export-download",
        lambda v, w: v == "admin" and w != "foreign",
        object_scoped=True,
        kwargs=_job,
        check_axe=False,
        notes="a file, not a page",
    ),
    Route("billing:remit", roles("admin"), kwargs=_biller),
    Route(
        "billing:remit",
        roles("admin"),
        method="POST",
        kwargs=_biller,
        data=lambda w, v, o: {},
        ok=frozenset({400}),
        notes="no file: the form comes back naming it",
    ),
]
